"""A lead that waited in the pool is given when assign runs (L5, L6): its ownership-log entry says
when the rules applied (`when`) and when the run wrote it (`logged`); ownership counts from then."""
import json

import yaml_rs

from helpers import make_repo, run

ORG = {
    "teams/T-2.yaml": "id: T-2\nname: 电销一组\nchannel: telesales\n",
    "staff/S-5.yaml": "id: S-5\nname: 刘洋\nteam: T-2\nchannel: telesales\njoined: 2025-01-01\n",
    # in the pool since 2026-09-11 (reclaimed from nobody in particular), nobody ran assign until 10-31
    "leads/L-01.yaml": "id: L-01\nname: 客户一\nsource: phone\ncreated: 2026-09-11T02:00:00+08:00\nteam: T-2\n",
    # a lead that arrived the same evening
    "leads/L-02.yaml": "id: L-02\nname: 客户二\nsource: web\ncreated: 2026-10-31T20:00:00+08:00\nteam: T-2\n",
}


def test_a_waiting_lead_is_owned_from_the_run_and_not_reclaimed_at_once(tmp_path):
    repo = make_repo(tmp_path / "r", ORG)
    r = run("assign", "--as-of", "2026-10-31T21:00", records=repo)
    assert r.exit_code == 0, r.output
    log = yaml_rs.loads((repo / "leads" / "L-01.yaml").read_text(encoding="utf-8"))["log"]
    assert log[-1]["to"] == "S-5"
    assert log[-1]["when"].isoformat() == "2026-09-11T02:00:00+08:00"
    assert log[-1]["logged"].isoformat() == "2026-10-31T21:00:00+08:00"
    # the same night, the new owner has not been idle for 50 days: nothing goes back to the pool
    d = run("reclaim", "--as-of", "2026-10-31", "--dry-run", "--format", "json", records=repo)
    assert d.exit_code == 0, d.output
    assert json.loads(d.stdout) == []
    # the idle clock starts at the run, as for the lead that arrived that evening: both back 15 days later (L6)
    d = run("reclaim", "--as-of", "2026-11-14", "--dry-run", "--format", "json", records=repo)
    assert json.loads(d.stdout) == []
    d = run("reclaim", "--as-of", "2026-11-15", "--dry-run", "--format", "json", records=repo)
    assert [x["lead"] for x in json.loads(d.stdout)] == ["L-01", "L-02"]
    assert run("check", records=repo).exit_code == 0
