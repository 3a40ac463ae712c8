package sandbox

// zpaAppSegments are the application segments (every type shares
// /application) and the apps inside them by type (getAppsByType).
func zpaAppSegments() []*Resource {
	return []*Resource{
		{
			Name: "zpa/application_segments", What: "application segment", Path: "/application", Verbs: CRUD,
			Refs: []Ref{
				{Field: "serverGroups", To: "zpa/server_groups", Keep: serverGroupBrief},
				{Field: "segmentGroupId", To: "zpa/segment_groups", Name: "segmentGroupName"},
			},
			Stamps: zpaStamps, Required: []string{"name", "segmentGroupId"}, Unique: "name",
			Render: func(_ *call, a *record) {
				portForms(a, "tcpPortRanges", "tcpPortRange")
				portForms(a, "udpPortRanges", "udpPortRange")
			},
		},
		{
			// The apps of browser access, inspection and PRA segments, each
			// with the id of its own and appId, its segment's.
			Name: "zpa/apps_by_type", What: "application", Path: "/application/getAppsByType", Verbs: List,
			Filters: []Filter{{Param: "applicationType", Fields: []string{"_applicationType"}, Op: Equal,
				Enum: []string{"BROWSER_ACCESS", "INSPECT", "SECURE_REMOTE_ACCESS"}}},
		},
	}
}

// portForms shows a segment's ports in both of ZPA's forms, the flat
// ["from","to",...] list and the {"from","to"} objects, whichever was written.
func portForms(a *record, flat, pairs string) {
	ports := a.values(flat)
	if froms, tos := a.values(pairs+".from"), a.values(pairs+".to"); len(froms) > 0 && len(froms) == len(tos) {
		ports = ports[:0]
		for i := range froms {
			ports = append(ports, froms[i], tos[i])
		}
	}
	if len(ports) < 2 {
		a.del(flat)
		a.del(pairs)
		return
	}
	var out []map[string]string
	for i := 0; i+1 < len(ports); i += 2 {
		out = append(out, map[string]string{"from": ports[i], "to": ports[i+1]})
	}
	a.set(flat, ports)
	a.set(pairs, out)
}
