"""Every indicator (K4) by name, in the order a person's month lists them.

`INDICATORS[name]` is a pure function `(Context) -> (value, evidence)` (see context.py). The
policy's score items (salesctl/policy/score.py `Indicator`) and the payout rules read indicators
by these names; tests/test_indicators.py holds the two lists equal. Leaving a function out of
this table leaves its indicator out of every month.
"""
from __future__ import annotations

from salesctl.engines.indicators import activity, attendance, customers, events, leads, reviews, sales, service, training, visits
from salesctl.engines.indicators.context import Indicator

INDICATORS: dict[str, Indicator] = {
    # sales and customers (K4, K5; credited sales from the split engine, S1-S5)
    "sales": sales.credited_sales,
    "profit": sales.credited_profit,
    "target": sales.k5_target,
    "attainment": sales.k5_attainment,
    "new_customers": customers.new_customers,
    "customers": customers.customers,
    "repeat_rate": customers.repeat_rate,
    "referral_rate": customers.referral_rate,
    "sales_cycle_days": customers.sales_cycle_days,
    "companies": sales.companies,
    "cooperation": sales.cooperation,
    # leads (L1, L2, L8)
    "leads_submitted": leads.l1_leads_submitted,
    "prospects_screened": leads.l8_prospects_screened,
    # visits: follow-ups, contacts, meetings, return visits, satisfaction (K8, T5, K4)
    "follow_ups": visits.k8_follow_ups,
    "contacts": visits.k8_contacts,
    "contacts_per_day": visits.k8_contacts_per_day,
    "meetings": visits.k8_meetings,
    "meetings_per_week": visits.k8_meetings_per_week,
    "summary_rate": visits.t5_summary_rate,
    "return_visits": visits.k8_return_visits,
    "ratings": visits.ratings,
    "satisfaction_mean": visits.satisfaction_mean,
    "satisfaction": visits.satisfaction,
    # complaints (T3)
    "complaints": service.t3_complaints,
    "complaints_on_time": service.t3_complaints_on_time,
    "complaint_hours": service.t3_complaint_hours,
    # telesales activity (K7)
    "calls": activity.k7_calls,
    "effective": activity.k7_effective,
    "intention": activity.k7_intention,
    "orders": activity.k7_orders,
    "effective_rate": activity.k7_effective_rate,
    "intention_rate": activity.k7_intention_rate,
    "order_rate": activity.k7_order_rate,
    "call_conversion": activity.k7_call_conversion,
    # training sessions (K4, K9; the review's typed values for a month without sessions)
    "training_attended": training.training_attended,
    "training_rate": training.training_rate,
    "training_score": training.training_score,
    "training_notes": training.training_notes,
    # events the person organised (L7)
    "events_held": events.l7_events_held,
    "event_head_count": events.l7_event_head_count,
    "event_satisfaction": events.l7_event_satisfaction,
    "event_leads": events.l7_event_leads,
    "event_cost_per_lead": events.l7_event_cost_per_lead,
    # review: teamwork, ratings (K2, K3, K4)
    "teamwork": reviews.teamwork,
    "sharing": reviews.sharing,
    "helping": reviews.helping,
    "peer_rating": reviews.k3_peer_rating,
    "self_rating": reviews.k2_self_rating,
    "leader_rating": reviews.k2_leader_rating,
    "rating": reviews.k2_rating,
    # presence (O3)
    "days": attendance.o3_days,
    "working_days": attendance.o3_working_days,
}
