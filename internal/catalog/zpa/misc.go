package zpa

import (
	"context"
	"encoding/json"
	"fmt"
	"net/url"
	"slices"
	"strings"

	"github.com/zscaler-mcp/zscaler-mcp/internal/catalog"
	"github.com/zscaler-mcp/zscaler-mcp/internal/zscaler"
)

// lssLogTypes are the log types an LSS configuration streams, by the names
// the tools take, with ZPA's own name for each (a configuration's
// sourceLogType).
var lssLogTypes = map[string]string{
	"app_connector_metrics":   "zpn_ast_comprehensive_stats",
	"app_connector_status":    "zpn_ast_auth_log",
	"audit_logs":              "zpn_audit_log",
	"browser_access":          "zpn_http_trans_log",
	"private_svc_edge_status": "zpn_sys_auth_log",
	"user_activity":           "zpn_trans_log",
	"user_status":             "zpn_auth_log",
	"web_inspection":          "zpn_waf_http_exchanges_log",
}

var lssLogTypeNames = slices.Sorted(func(yield func(string) bool) {
	for k := range lssLogTypes {
		if !yield(k) {
			return
		}
	}
})

// catalogView is the outputSchema of the LSS catalogue reads.
var catalogView = json.RawMessage(`{"type":"object","properties":{` +
	`"kind":{"type":"string","description":"Which catalogue this is: log_types, log_format, status_codes or client_types."},` +
	`"items":{"description":"The catalogue's entries, as ZPA answers them (log_types: each log type the tools take with ZPA's own name for it)."}},` +
	`"required":["kind","items"],"additionalProperties":false}`)

// nameSearch is an exact-name lookup, sent as ZPA's search expression; a
// name that matches nothing is an empty list.
func nameSearch(what string) catalog.Param {
	return catalog.Str("name", "Only the "+what+" of this exact name (sent as ZPA's search name+EQ+<name>); none found is an empty list.").
		Encoded(func(v any) url.Values { return url.Values{"search": {nameEQ(v.(string))}} })
}

func pageParams() []catalog.Param {
	lp := listParams("")
	return lp[2:]
}

// byID is a list tool's optional id of the one record to read instead.
func byID(name, what string) catalog.Param {
	p := catalog.Str(name, "Read this one "+what+" (digits, as a string) instead of a list; the other inputs are then ignored.")
	p.Build, p.In = validID, catalog.InHandler
	return p
}

func misc() []catalog.Tool {
	const set = "zpa_misc"
	lssRoot := "/zpa/mgmtconfig/v2/admin/lssConfig"
	return []catalog.Tool{
		{
			Name: "get_zpa_app_protection_profile", Toolset: set, Action: catalog.Read,
			Description: "List ZPA app protection (inspection) profiles, or find one by exact name: the predefined and custom " +
				"controls each applies and its paranoia level. An inspection policy rule names a profile by id. " +
				"Without page, every page is read.",
			Method: "GET", Path: mgmt + "/inspectionProfile",
			Params: append([]catalog.Param{nameSearch("profile")}, pageParams()...),
		},
		{
			Name: "get_zpa_isolation_profile", Toolset: set, Action: catalog.Read,
			Description: "List the tenant's Cloud Browser Isolation profiles as the CBI API keeps them (UUID ids), or find " +
				"one by exact name (case ignored): regions, certificates, banner, security controls and user experience. " +
				"The API returns every profile in one answer; name filters here. An isolation policy rule takes the id " +
				"(zpn_isolation_profile_id).",
			Method: "GET", Path: "/zpa/cbiconfig/cbi/api/customers/{customerId}/profiles",
			Params:  []catalog.Param{catalog.Str("name", "Only the profile of this exact name (case ignored); none found is an empty list.").At(catalog.InHandler)},
			Handler: isolationProfiles,
		},
		{
			Name: "get_zpa_posture_profile", Toolset: set, Action: catalog.Read,
			Description: "List ZPA device posture profiles (the posture checks Client Connector reports, each with its " +
				"postureUdid, which access policy conditions use), find one by exact name, or read one by profile_id " +
				"(answered as a list of one). Without page, every page is read.",
			Method: "GET", Path: mgmtV2 + "/posture",
			Params:  append([]catalog.Param{byID("profile_id", "posture profile"), nameSearch("posture profile")}, pageParams()...),
			Handler: oneAsList("profile_id", mgmt+"/posture/{profile_id}"),
		},
		{
			Name: "get_zpa_trusted_network", Toolset: set, Action: catalog.Read,
			Description: "List ZPA trusted networks (the networks Client Connector recognises, each with its networkId, which " +
				"access policy conditions and service edge groups use), find one by exact name, or read one by " +
				"network_id (answered as a list of one). Without page, every page is read.",
			Method: "GET", Path: mgmtV2 + "/network",
			Params:  append([]catalog.Param{byID("network_id", "trusted network"), nameSearch("trusted network")}, pageParams()...),
			Handler: oneAsList("network_id", mgmt+"/network/{network_id}"),
		},
		{
			Name: "zpa_list_lss_configs", Toolset: set, Action: catalog.Read,
			Description: "List ZPA Log Streaming Service configurations: which log type each streams (config.sourceLogType), " +
				"to which receiver (lssHost, lssPort, TLS), in which format, through which app connector groups, with " +
				"its status-code filter and policy. Configuration only: no log content. Without page, every page is read.",
			Method: "GET", Path: mgmtV2 + "/lssConfig",
			Params: append([]catalog.Param{catalog.Str("search", "ZPA's server-side search, passed as given (<field>+EQ+<value>, "+
				"or text). A configuration's name sits under config: to find one by name, list without search and filter "+
				"with query, e.g. \"[?config.name=='User Activity to Splunk']\".").Query("search")}, pageParams()...),
		},
		{
			Name: "zpa_get_lss_config", Toolset: set, Action: catalog.Read,
			Description: "Get one ZPA Log Streaming Service configuration by id: receiver, log type, format, connector groups and policy.",
			Method:      "GET", Path: mgmtV2 + "/lssConfig/{lss_config_id}", Shape: catalog.Record,
			Params: []catalog.Param{id("lss_config_id", "LSS configuration")},
		},
		{
			Name: "zpa_list_lss_log_types", Toolset: set, Action: catalog.Read,
			Description: "List the log types a ZPA Log Streaming Service configuration can stream, by the names the LSS tools " +
				"take (user_activity, audit_logs, ...), each with ZPA's own name for it (the sourceLogType of a configuration). " +
				"A fixed catalogue: nothing is sent to the API.",
			Shape: catalog.Record, Output: catalogView, Handler: lssLogTypeCatalogue,
		},
		{
			Name: "zpa_get_lss_log_format", Toolset: set, Action: catalog.Read,
			Description: "Get ZPA's predefined Log Streaming Service formats of one log type: the csv, tsv and json templates " +
				"a configuration's format field takes.",
			Method: "GET", Path: mgmtV2 + "/lssConfig/logType/formats", Shape: catalog.Record, Output: catalogView,
			Params: []catalog.Param{catalog.Str("log_type", "The log type (zpa_list_lss_log_types lists them); sent as ZPA's own name.").
				Req().Mapped(lssLogTypes, lssLogTypeNames...).Query("logType")},
			Handler: lssCatalogue("log_format", nil),
			Example: map[string]any{"log_type": "user_activity"},
		},
		{
			Name: "zpa_list_lss_status_codes", Toolset: set, Action: catalog.Read,
			Description: "List ZPA's session status codes, by log type, with what each means: the codes a Log Streaming " +
				"Service configuration's filter can exclude. log_type keeps one log type's codes.",
			Method: "GET", Path: lssRoot + "/statusCodes", Shape: catalog.Record, Output: catalogView,
			Params: []catalog.Param{catalog.Str("log_type", "Only the codes of this log type (zpa_list_lss_log_types lists them); "+
				"without it, every log type's.").OneOf(lssLogTypeNames...).At(catalog.InHandler)},
			Handler: lssCatalogue("status_codes", statusCodesOf),
		},
		{
			Name: "zpa_list_lss_client_types", Toolset: set, Action: catalog.Read,
			Description: "List ZPA's client types (zpn_client_type_zapp, zpn_client_type_exporter, ...) with their display " +
				"names: the values of CLIENT_TYPE conditions in LSS and access policies.",
			Method: "GET", Path: lssRoot + "/customers/{customerId}/clientTypes", Shape: catalog.Record, Output: catalogView,
			Handler: lssCatalogue("client_types", nil),
		},
	}
}

// oneAsList serves a list tool that also reads one record: with idParam
// given, the record at item, as a list of one.
func oneAsList(idParam, item string) func(context.Context, *catalog.Call) (*catalog.Result, error) {
	return func(ctx context.Context, c *catalog.Call) (*catalog.Result, error) {
		t := *c.Tool.Plain()
		id, one := c.Args[idParam]
		if !one {
			return c.Exec.Run(ctx, &t, c.Args)
		}
		t.Path, t.Shape, t.Params = item, catalog.Record, []catalog.Param{catalog.PathID(idParam, "id")}
		res, err := c.Exec.Run(ctx, &t, catalog.Args{idParam: id})
		if err != nil {
			return nil, err
		}
		return catalog.RecordsResult([]json.RawMessage{res.Record}), nil
	}
}

// isolationProfiles reads the CBI profiles, which come in one bare list,
// and keeps the one named, if a name is given.
func isolationProfiles(ctx context.Context, c *catalog.Call) (*catalog.Result, error) {
	t := *c.Tool.Plain()
	t.Paging = zscaler.PagingNone
	res, err := c.Exec.Run(ctx, &t, c.Args)
	if err != nil {
		return nil, err
	}
	if name, ok := c.Args["name"].(string); ok {
		res.Records = slices.DeleteFunc(res.Records, func(r json.RawMessage) bool {
			var p struct{ Name string }
			return json.Unmarshal(r, &p) != nil || !strings.EqualFold(p.Name, strings.TrimSpace(name))
		})
	}
	return res, nil
}

func catalogue(kind string, items any) *catalog.Result {
	return catalog.ObjectResult(map[string]any{"kind": kind, "items": items})
}

func lssLogTypeCatalogue(context.Context, *catalog.Call) (*catalog.Result, error) {
	items := make([]map[string]string, 0, len(lssLogTypes))
	for _, name := range lssLogTypeNames {
		items = append(items, map[string]string{"log_type": name, "source_log_type": lssLogTypes[name]})
	}
	return catalogue("log_types", items), nil
}

// lssCatalogue reads one of ZPA's LSS catalogues and answers it as the
// catalogue view, narrowed by pick when the tool has one.
func lssCatalogue(kind string, pick func(c *catalog.Call, all json.RawMessage) any) func(context.Context, *catalog.Call) (*catalog.Result, error) {
	return func(ctx context.Context, c *catalog.Call) (*catalog.Result, error) {
		res, err := c.Exec.Run(ctx, c.Tool.Plain(), c.Args)
		if err != nil {
			return nil, err
		}
		if pick != nil {
			return catalogue(kind, pick(c, res.Record)), nil
		}
		return catalogue(kind, res.Record), nil
	}
}

// statusCodesOf keeps one log type's status codes when log_type is given.
// ZPA groups the codes by log type ({"zpn_trans_log": {code: ...}}); an
// answer keyed by code, each naming its log_types, is narrowed code by code.
func statusCodesOf(c *catalog.Call, all json.RawMessage) any {
	name, ok := c.Args["log_type"].(string)
	if !ok {
		return all
	}
	var byKey map[string]json.RawMessage
	_ = json.Unmarshal(all, &byKey) // an object: the executor wraps any other answer as one
	logType := lssLogTypes[name]
	if codes, grouped := byKey[logType]; grouped {
		return codes
	}
	out := map[string]json.RawMessage{}
	for code, details := range byKey {
		var d struct {
			LogTypes []string `json:"log_types"`
		}
		if json.Unmarshal(details, &d) == nil && slices.Contains(d.LogTypes, logType) {
			out[code] = details
		}
	}
	return out
}

// zpaIsolationProfiles are ZPA's own records of the CBI profiles: their id
// is what an isolation rule's zpnIsolationProfileId holds, their
// isolationProfileId the CBI UUID get_zpa_isolation_profile answers.
const zpaIsolationProfiles = mgmt + "/isolation/profiles"

// isolationProfileByCBIID lets an isolation rule name its profile as
// get_zpa_isolation_profile lists it: a CBI UUID is sent as ZPA's id of that
// profile. Exactly one profile must have it, or nothing is written.
func isolationProfileByCBIID(ctx context.Context, c *catalog.Call) (*catalog.Result, error) {
	given, _ := c.Args["zpn_isolation_profile_id"].(string)
	if cbiID := strings.TrimSpace(given); isUUID(cbiID) {
		ids, err := recordIDs(ctx, c, zpaIsolationProfiles, nil, "isolationProfileId", cbiID)
		if err != nil {
			return nil, err
		}
		if len(ids) != 1 {
			return nil, &catalog.ArgError{Problems: []string{fmt.Sprintf("zpn_isolation_profile_id %s: %d of ZPA's isolation profiles have this CBI profile id, "+
				"one must; pass the id of a profile get_zpa_isolation_profile lists, or ZPA's own id of it", cbiID, len(ids))}}
		}
		c.Args["zpn_isolation_profile_id"] = ids[0]
	}
	return c.Exec.Run(ctx, c.Tool.Plain(), c.Args)
}

func isUUID(s string) bool {
	if len(s) != 36 {
		return false
	}
	for i, r := range s {
		switch {
		case i == 8 || i == 13 || i == 18 || i == 23:
			if r != '-' {
				return false
			}
		case !strings.ContainsRune("0123456789abcdefABCDEF", r):
			return false
		}
	}
	return true
}
