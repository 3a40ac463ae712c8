package sandbox

// zpaV2 is the root of ZPA's v2 management paths.
const zpaV2 = "/zpa/mgmtconfig/v2/admin/customers/{cid}"

// zpaConnectorGroups are the server groups, the app connector groups that
// reach them, and the enrollment certificates connectors enrol with.
func zpaConnectorGroups() []*Resource {
	return []*Resource{
		{
			Name: "zpa/server_groups", What: "server group", Path: "/serverGroup", Verbs: CRUD,
			Refs: []Ref{{Field: "appConnectorGroups", To: "zpa/app_connector_groups", Keep: connectorGroupBrief}},
			Backrefs: []Backref{{Field: "applications", From: "zpa/application_segments", Via: "serverGroups",
				Keep: []string{"id", "name", "enabled"}}},
			InUse:  true,
			Stamps: zpaStamps, Required: []string{"name"}, Unique: "name",
		},
		{
			Name: "zpa/app_connector_groups", What: "app connector group", Path: "/appConnectorGroup", Verbs: CRUD,
			Refs:     []Ref{{Field: "enrollmentCertId", To: "zpa/enrollment_certificates", Name: "enrollmentCertName"}},
			Backrefs: []Backref{{Field: "serverGroups", From: "zpa/server_groups", Via: "appConnectorGroups", Keep: serverGroupBrief}},
			InUse:    true,
			Stamps:   zpaStamps, Required: []string{"name"}, Unique: "name",
		},
		{
			Name: "zpa/enrollment_certificates", What: "enrollment certificate", Path: zpaV2 + "/enrollmentCert",
			Item: "/enrollmentCert/{id}", Verbs: ReadOnly,
		},
	}
}
