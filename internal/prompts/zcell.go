package prompts

import (
	"fmt"

	"github.com/zscaler-mcp/zscaler-mcp/internal/zscaler"
)

// zcellDays is the look-back argument of the ZCell playbooks; the ZCell tools
// take days from 1 to 365.
func zcellDays(def string) Arg {
	return Arg{Name: "since_days", Default: def, Count: true, Max: 365,
		Description: "How many days back to look, from 1 to 365."}
}

// zcellFacts are what every ZCell playbook tells the agent about the tools.
const zcellFacts = `How the ZCell tools answer:
- The look-back is days=<n>, in days (not a timestamp), on every tool that takes it; ask for days=%[1]s.
- ICCIDs and ids are strings; take them from the records, never guess them.
- Every ZCell tool here only reads. Changing a SIM or a policy is not possible through them: recommend it, do not attempt it.
- Lists come back whole unless a page is asked for; use a query (JMESPath) to keep the columns you need when a list is long.`

func zcellInvestigateSIM() *Prompt {
	return &Prompt{
		Name: "zcell_investigate_sim", Title: "ZCell: Investigate a SIM", Service: zscaler.ZCELL,
		Description: "Find out what is wrong with one cellular SIM: read its record, its recent network events and " +
			"data use, the anomaly policies it broke, and whether the region serving it is healthy.",
		Args: []Arg{
			{Name: "iccid", Required: true, Description: "The SIM's ICCID (the 19-20 digit number printed on it)."},
			zcellDays("7"),
		},
		Render: func(a map[string]string) string {
			iccid, days := a["iccid"], a["since_days"]
			return fmt.Sprintf(`Investigate the cellular SIM with ICCID %[2]q over the last %[1]s days with Zscaler Cellular (ZCell), and explain its state: is it offline, roaming, over its data cap, outside its geofence, or fine?

`+zcellFacts+`

1. The SIM. zcell_get_sim_details with icc_id=%[2]q: status and network status, IMEI lock state, APN and IP addresses, last country, operator and position, the device it sits in, its tags and data usage. If ZCell does not know the ICCID, stop and say so (check the number, or whether the SIM belongs to this customer).
2. What the network saw. zcell_list_network_events with days=%[1]s and filter_by=[{"filterName": "iccid", "operator": "EQ", "values": [%[2]q]}], newest first (sort_by={"timestamp": "DESC"}): failed attaches, dropped sessions, data-cap events, changes of country or operator.
3. Data use. zcell_list_sim_usage_by_day with days=%[1]s and icc_id=%[2]q: a sudden rise, a flat zero, or a cap reached.
4. Policies. zcell_list_anomaly_policies with days=%[1]s lists the policies and their violation counts; for each that could concern this SIM, zcell_list_iccid_violations with its policy_id, iccid=%[2]q and days=%[1]s gives the events. For a geofencing policy, zcell_get_sim_location_group with the group_id it names shows the fence and whether the SIM is inside it.
5. The service. zcell_list_region_operational_status: if the region serving the SIM is degraded, the fault may not be the SIM's.

Answer with:
- State: what the SIM is doing now, with the facts (times, countries, volumes).
- Cause: the most likely reason, and the evidence for and against it.
- Next steps: what to check or change, and who (the device owner, the SIM provider, the ZCell administrator) should do it.
`, days, iccid)
		},
	}
}

func zcellAuditDataUsage() *Prompt {
	return &Prompt{
		Name: "zcell_audit_data_usage", Title: "ZCell: Audit Data Usage", Service: zscaler.ZCELL,
		Description: "Review where the cellular fleet's data goes: totals, the countries and SIMs that use the " +
			"most, the trend per day, and the SIMs whose use looks wrong, optionally for one country.",
		Args: []Arg{
			zcellDays("30"),
			{Name: "country", Description: "A country to concentrate on, as ZCell names it (e.g. US or Germany); empty for all."},
		},
		Render: func(a map[string]string) string {
			days, country := a["since_days"], a["country"]
			focus := "No country was named: look at the whole fleet, and single out the countries that stand out."
			if country != "" {
				focus = fmt.Sprintf("Concentrate on the country %q: where a tool cannot filter by country, filter its records with a query and say so.", country)
			}
			return fmt.Sprintf(`Audit the data use of the cellular SIM fleet with Zscaler Cellular (ZCell) over the last %[1]s days: what is used where, by which SIMs, and what looks wrong.

%[2]s

`+zcellFacts+`

1. The fleet. zcell_list_sim_analytics_summary counts the SIMs by state (active, inactive, used, ...).
2. Where. zcell_list_sim_usage_by_country with days=%[1]s and limit=20: the countries with the most data, largest first.
3. Who. zcell_list_sim_usage_by_sim with days=%[1]s and limit=100: the heaviest SIMs. For the top few, zcell_get_sim_details with the icc_id of each shows the device, tags and country.
4. When. zcell_list_sim_usage_by_day with days=%[1]s: the daily trend; a step up or a spike dates a change.
5. Against the rules. zcell_list_anomaly_policies with days=%[1]s: which policies counted violations, and zcell_list_anomaly_policy_violations with the policy_id and days=%[1]s for the SIMs behind them.
6. Idle SIMs. zcell_list_sims with status or network_status filters (see the values the records carry) finds SIMs that are active but used nothing: a cost with no use.

Answer with:
- The totals and the split by country, with numbers.
- The SIMs or countries out of line (heavy, roaming, idle), each with why it stands out.
- Recommendations: caps, policies or SIMs to suspend, each with the evidence behind it.
`, days, focus)
		},
	}
}

func zcellReviewAnomalyPolicies() *Prompt {
	return &Prompt{
		Name: "zcell_review_anomaly_policies", Title: "ZCell: Review Anomaly Policies", Service: zscaler.ZCELL,
		Description: "Review the anomaly policies that watch the cellular fleet: what each covers, whether it runs, " +
			"how often it fires and on which SIMs, and where coverage is missing or noisy.",
		Args: []Arg{
			zcellDays("30"),
			{Name: "policy_type", Description: "Only policies of this type, as ZCell names it (e.g. GEOFENCING); empty for all."},
		},
		Render: func(a map[string]string) string {
			days, kind := a["since_days"], a["policy_type"]
			list := fmt.Sprintf("zcell_list_anomaly_policies with days=%s", days)
			if kind != "" {
				list += fmt.Sprintf(" and policy_type=%q", kind)
			}
			return fmt.Sprintf(`Review the ZCell anomaly policies over the last %[1]s days: are they running, do they fire, on which SIMs, and what do they miss?

`+zcellFacts+`

1. The policies. %[2]s: each policy's type, whether it is enabled, its run status, its SIM location groups and its violation count.
2. Their history. For each policy, zcell_list_anomaly_policy_logs with its policy_id: when it was enabled, disabled or last ran, and any failed runs.
3. What they caught. zcell_list_anomaly_policy_violations with the policy_id and days=%[1]s: the SIMs that broke it and how often; for the most frequent, zcell_list_iccid_violations with the policy_id, the iccid and days=%[1]s gives the events.
4. The fences. For geofencing policies, zcell_get_sim_location_group with the group_id of each: the fence, the SIMs it tracks and which are outside now. zcell_list_sim_location_groups lists the groups no policy uses.
5. Who changed them. zcell_list_audit_customers_search with days=%[1]s and operation_type=Update shows recent edits by whom; narrow it with object_name for one policy.

Answer with a table of the policies (name, type, enabled, last run, violations in the window), then:
- Policies that are off, failing, or never fire, and what that leaves uncovered.
- Noisy policies: the same SIMs again and again, suggesting a fence or threshold to adjust.
- Concrete changes, each tied to the evidence above.
`, days, list)
		},
	}
}
