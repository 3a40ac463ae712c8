package zpa

import "github.com/zscaler-mcp/zscaler-mcp/internal/catalog"

// segmentKind is one flavour of application segment: they share the
// /application endpoint and differ in the member that makes them what they are.
type segmentKind struct {
	suffix, what, lists string
	extra               func(verb string) []catalog.Param
	example             map[string]any
}

func appSegments() []catalog.Tool {
	kinds := []segmentKind{
		{suffix: "", what: "application segment",
			lists: "every application segment of the tenant (plain, browser access, inspection and privileged remote access alike)"},
		{suffix: "_ba", what: "browser access application segment",
			lists: "the tenant's application segments; the endpoint does not filter by type, so browser access ones are those " +
				"with clientlessApps (query \"[?clientlessApps]\")",
			extra: func(verb string) []catalog.Param {
				return []catalog.Param{catalog.Param{Name: "clientless_app_ids", Type: catalog.ObjectList, Wire: "clientlessApps", In: catalog.InBody,
					Description: verb + " browser access apps, as the API's clientlessApps objects: each {\"name\", \"applicationProtocol\" " +
						"(HTTP or HTTPS), \"applicationPort\", \"certificateId\" (a BA certificate id), \"domain\", \"enabled\"}."}}
			},
			example: map[string]any{"clientless_app_ids": []any{map[string]any{"name": "wiki.northwind.example", "applicationProtocol": "HTTPS",
				"applicationPort": "443", "certificateId": "734512908613301201", "domain": "wiki.northwind.example", "enabled": true}}},
		},
		{suffix: "_pra", what: "privileged remote access (PRA) application segment",
			lists: "the tenant's application segments; the endpoint does not filter by type, so PRA ones are those whose " +
				"commonAppsDto carries apps (or use get_zpa_app_segments_by_type with SECURE_REMOTE_ACCESS)",
			extra: func(verb string) []catalog.Param {
				return []catalog.Param{catalog.Obj("common_apps_dto", verb+" PRA apps, as the API's commonAppsDto object: "+
					"{\"appsConfig\": [{\"name\", \"domain\", \"applicationProtocol\" (RDP, SSH or VNC), \"applicationPort\", "+
					"\"connectionSecurity\" (ANY, NLA, NLA_EXT, TLS, VM_CONNECT, RDP), \"enabled\", \"appTypes\": [\"SECURE_REMOTE_ACCESS\"]}]}.").Body("commonAppsDto")}
			},
			example: map[string]any{"common_apps_dto": map[string]any{"appsConfig": []any{map[string]any{"name": "jump.northwind.example",
				"domain": "jump.northwind.example", "applicationProtocol": "RDP", "applicationPort": "3389", "connectionSecurity": "ANY",
				"enabled": true, "appTypes": []any{"SECURE_REMOTE_ACCESS"}}}}},
		},
	}
	tools := []catalog.Tool{segmentsByType()}
	for _, k := range kinds {
		tools = append(tools, k.tools()...)
	}
	return tools
}

func (k segmentKind) tools() []catalog.Tool {
	segID := id("segment_id", "Application segment")
	body := func(create bool) []catalog.Param {
		verb := "New"
		if create {
			verb = "The"
		}
		ps := []catalog.Param{
			catalog.Str("name", verb+" segment name.").Body("name"),
			refID("segment_group_id", verb+" segment group id: every segment belongs to exactly one segment group.", "segmentGroupId"),
			catalog.StrList("domain_names", verb+" domains, FQDNs, wildcards (*.corp.example) or IP addresses/CIDRs the segment serves.").Body("domainNames"),
			refIDs("server_group_ids", verb+" server group ids, sent as serverGroups references.", "serverGroups"),
			portRanges("tcp", verb),
			portRanges("udp", verb),
		}
		if k.extra != nil {
			ps = append(ps, k.extra(verb)...)
		}
		ps = append(ps, catalog.Str("description", verb+" description.").Body("description"))
		if create {
			ps[0], ps[1] = ps[0].Req(), ps[1].Req()
			ps = append(ps, catalog.Bool("enabled", "Whether the segment is enabled.").Def(true).Body("enabled"))
		} else {
			ps = append([]catalog.Param{segID}, append(ps, catalog.Bool("enabled", "Enable or disable the segment.").Body("enabled"))...)
		}
		return append(ps, microtenant(), advanced(`{"bypassType": "NEVER", "healthReporting": "ON_ACCESS", "icmpAccessType": "PING", "isCnameEnabled": true}`))
	}
	example := map[string]any{"name": "Catalogue Test " + k.what, "segment_group_id": "734512908613300401",
		"domain_names": []any{"catalogue-test" + k.suffix + ".northwind.example"}, "tcp_port_ranges": []any{"443", "8000-8080"},
		"server_group_ids": []any{"734512908613300301"}}
	for p, v := range k.example {
		example[p] = v
	}
	return []catalog.Tool{
		{
			Name: "zpa_list_application_segments" + k.suffix, Toolset: "zpa_app_segments", Action: catalog.Read,
			Description: "List " + k.lists + ". Each record carries its domains, TCP/UDP port ranges (flat tcpPortRanges and " +
				"tcpPortRange objects), segment group, server groups, health and bypass settings and microtenantName. " +
				"Without page, every page is read.",
			Method: "GET", Path: mgmt + "/application",
			Params: listParams(k.what),
		},
		{
			Name: "zpa_get_application_segment" + k.suffix, Toolset: "zpa_app_segments", Action: catalog.Read,
			Description: "Get one ZPA " + k.what + " by id: the whole record as the API returns it, server groups expanded.",
			Method:      "GET", Path: mgmt + "/application/{segment_id}", Shape: catalog.Record,
			Params: []catalog.Param{segID, microtenant()},
		},
		{
			Name: "zpa_create_application_segment" + k.suffix, Toolset: "zpa_app_segments", Action: catalog.Create,
			Description: "Create a ZPA " + k.what + ". Needs a name, a segment group and, for the API to accept it, " +
				"at least one domain and one TCP or UDP port range; server groups say which connectors reach it. " +
				"No two segments of a tenant may claim the same domain and port. Takes effect at once (ZPA has no " +
				"activation). Returns the record as created.",
			Method: "POST", Path: mgmt + "/application", Shape: catalog.Record,
			Params: body(true), Example: example,
		},
		{
			Name: "zpa_update_application_segment" + k.suffix, Toolset: "zpa_app_segments", Action: catalog.Update,
			Description: "Update a ZPA " + k.what + ". The current record is read and only the fields given change " +
				"(a list given replaces that list whole: ports, domains, server groups). Returns the record after the change.",
			Method: "PUT", Path: mgmt + "/application/{segment_id}", Shape: catalog.Record,
			Merge: mgmt + "/application/{segment_id}", Refetch: mgmt + "/application/{segment_id}",
			Params: body(false), Example: map[string]any{"description": "Changed by the catalogue-wide test"},
		},
		{
			Name: "zpa_delete_application_segment" + k.suffix, Toolset: "zpa_app_segments", Action: catalog.Delete,
			Description: "Delete a ZPA " + k.what + ". Destructive and immediate; confirmation required: the user must " +
				"confirm before anything is deleted. Not forced: ZPA refuses, with its own message, while access policy " +
				"rules still reference the segment.",
			Method: "DELETE", Path: mgmt + "/application/{segment_id}", Shape: catalog.Done,
			Params: []catalog.Param{segID, microtenant()},
		},
	}
}

func segmentsByType() catalog.Tool {
	return catalog.Tool{
		Name: "get_zpa_app_segments_by_type", Toolset: "zpa_app_segments", Action: catalog.Read,
		Description: "List the apps of one type inside ZPA application segments: BROWSER_ACCESS (clientless web apps), " +
			"INSPECT (AppProtection-inspected apps) or SECURE_REMOTE_ACCESS (PRA RDP/SSH/VNC apps). Each record is the app " +
			"(its own id, name, domain, protocol, port, and appId, the segment it belongs to), not the segment. Every page is read.",
		Method: "GET", Path: mgmt + "/application/getAppsByType",
		Params: []catalog.Param{
			catalog.Str("application_type", "The app type.").OneOf("BROWSER_ACCESS", "INSPECT", "SECURE_REMOTE_ACCESS").Req().Query("applicationType"),
			catalog.Bool("expand_all", "Also return the related data of each app.").Def(false).Query("expandAll"),
			listParams("app")[0], microtenant(),
			catalog.Int("page_size", "Records per page (1-500).").Range(1, 500).At(catalog.InPageSize),
		},
		Example: map[string]any{"application_type": "SECURE_REMOTE_ACCESS"},
	}
}
