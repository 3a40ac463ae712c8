package zms

import "github.com/zscaler-mcp/zscaler-mcp/internal/catalog"

// searchSort are the search and sort inputs of the agent, agent group and
// nonce lists, which page by "page".
func searchSort(what string) []catalog.Param {
	return append(paging("page", "page"),
		filter("search", "Only "+what+" matching this text (the API's own search).", "search"),
		filter("sort", "Sort by this field of the records (e.g. name).", "sort"),
		direction("sort_dir", "Sort direction: ASC or DESC.", "sortDir"),
	)
}

func agents() []catalog.Tool {
	return []catalog.Tool{
		{
			Name: "zms_list_agents",
			Description: "List the microsegmentation agents installed on workloads. Each record is an agent: its eyezId " +
				"(the id other ZMS tools take), name, connection status, agent type and host OS, software version and " +
				"upgrade status, cloud provider, public and private IPs, admin status and its agent group." +
				pagingNote + customerNote,
			Handler: graph("ListAgents", "agents", true, asIs),
			Params:  searchSort("agents"),
		},
		{
			Name: "zms_get_agent_connection_status_statistics", JSONText: true,
			Description: "Count the agents by connection status and agent type: the total, then per type and status a " +
				"count and a percentage — the fleet's health at a glance. search narrows the agents counted." + customerNote,
			Handler: graph("AgentConnectionStatusStats", "agentConnectionStatusStatistics", false, asIs),
			Shape:   catalog.Record,
			Params:  []catalog.Param{filter("search", "Count only agents matching this text.", "search")},
		},
		{
			Name: "zms_get_agent_version_statistics", JSONText: true,
			Description: "Count the agents by software version and agent type: the total, then per version a count " +
				"and a percentage, to find agents left on old releases. search narrows the agents counted." + customerNote,
			Handler: graph("AgentVersionStats", "agentVersionStatistics", false, asIs),
			Shape:   catalog.Record,
			Params:  []catalog.Param{filter("search", "Count only agents matching this text.", "search")},
		},
	}
}

func agentGroups() []catalog.Tool {
	return []catalog.Tool{
		{
			Name: "zms_list_agent_groups",
			Description: "List the agent groups, which set how their agents are managed. Each record is a group: its " +
				"eyezId, name and type, cloud provider, admin status, agent count, policy, upgrade and tamper-protection " +
				"status, and its upgrade schedule (auto-upgrade, day, time, timezone, version profile)." +
				pagingNote + customerNote,
			Handler: graph("ListAgentGroups", "agentGroups", true, asIs),
			Params:  searchSort("agent groups"),
		},
		{
			Name: "zms_get_agent_group_totp_secrets", JSONText: true,
			Description: "Read the TOTP enrolment secret of one agent group: the secret, its QR code and when it was " +
				"generated. These are credentials: the tool reads nothing else, and is offered only where writes are " +
				"(write switch and allowlist). Returns {eyez_id, data}." + customerNote,
			Handler: graph("GetAgentGroupTotpSecrets", "agentGroupTotpSecrets", false, byID),
			Shape:   catalog.Record, Secret: true, Output: totpSecrets,
			Params: []catalog.Param{
				wired(catalog.Str("eyez_id", "The agent group's eyezId, as zms_list_agent_groups shows it.").Req(), "eyezId"),
			},
			Example: map[string]any{"eyez_id": "ez-000007350001"},
		},
	}
}

func nonces() []catalog.Tool {
	return []catalog.Tool{
		{
			Name: "zms_list_nonces",
			Description: "List the nonces (provisioning keys) agents enrol with. Each record is a nonce: its eyezId, " +
				"name, key, how many enrolments it allows and has had, the agent group it enrols into, its product and " +
				"its creation and modification times." + pagingNote + customerNote,
			Handler: graph("ListNonces", "nonces", true, asIs),
			Params:  searchSort("nonces"),
		},
		{
			Name: "zms_get_nonce", JSONText: true,
			Description: "Read one nonce (provisioning key) by its eyezId: its key, usage count and limit, and agent " +
				"group. Returns {eyez_id, data} with the nonce under data.nonce; no nonce there means no nonce has that id." + customerNote,
			Handler: graph("GetNonce", "nonce", false, byID),
			Shape:   catalog.Record, Output: nonceDetail,
			Params: []catalog.Param{
				wired(catalog.Str("eyez_id", "The nonce's eyezId, as zms_list_nonces shows it.").Req(), "eyezId"),
			},
			Example: map[string]any{"eyez_id": "ez-000007360001"},
		},
	}
}
