"""Domain helpers, one home per idea: the business calendar and time zone (`calendar`), who is
employed or away on a day (`staffing`), shifts and time on post (`duty`), and who owned a lead
when (`ownership`). Pure: no files, no clock; engines, checks and commands build on them."""
