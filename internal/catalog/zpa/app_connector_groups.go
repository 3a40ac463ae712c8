package zpa

import (
	"fmt"
	"strings"

	"github.com/zscaler-mcp/zscaler-mcp/internal/catalog"
)

// versionProfiles are ZPA's software version profiles, by name and id.
var versionProfiles = map[string]string{"default": "0", "previous default": "1", "new release": "2"}

// versionProfile takes a profile by name or id and sends its id and name,
// with overrideVersionProfile on, which is what makes the profile apply.
func versionProfile(desc string) catalog.Param {
	names := map[string]string{"0": "Default", "1": "Previous Default", "2": "New Release"}
	return catalog.Str("version_profile", desc).Builds(func(v any) (map[string]any, error) {
		s := strings.TrimSpace(v.(string))
		id, ok := versionProfiles[strings.ToLower(s)]
		if !ok {
			if _, isID := names[s]; !isID {
				return nil, fmt.Errorf("must be Default, Previous Default or New Release (or their ids 0, 1, 2), got %q", s)
			}
			id = s
		}
		return map[string]any{"versionProfileId": id, "versionProfileName": names[id], "overrideVersionProfile": true}, nil
	})
}

var weekdays = []string{"SUNDAY", "MONDAY", "TUESDAY", "WEDNESDAY", "THURSDAY", "FRIDAY", "SATURDAY"}

// siteParams are what app connector groups and service edge groups share:
// where they are, and when they upgrade.
func siteParams(verb, what string) []catalog.Param {
	return []catalog.Param{
		catalog.Str("description", verb+" description.").Body("description"),
		catalog.Str("latitude", verb+" latitude of the "+what+"'s site, as a decimal string (\"47.6062\").").Body("latitude"),
		catalog.Str("longitude", verb+" longitude, as a decimal string (\"-122.3321\").").Body("longitude"),
		catalog.Str("location", verb+" location text, e.g. \"Seattle, WA, USA\".").Body("location"),
		catalog.Str("city_country", verb+" city and country, e.g. \"Seattle, US\".").Body("cityCountry"),
		catalog.Str("country_code", verb+" ISO 3166 two-letter country code, e.g. \"US\".").Body("countryCode"),
		catalog.Bool("override_version_profile", "Whether the group's version profile overrides the tenant's.").Body("overrideVersionProfile"),
		catalog.Str("upgrade_day", verb+" day of the weekly software upgrade window.").OneOf(weekdays...).Body("upgradeDay"),
		catalog.Str("upgrade_time_in_secs", verb+" start of the upgrade window, seconds after midnight UTC as a string (\"66600\" = 18:30).").Body("upgradeTimeInSecs"),
	}
}

func appConnectorGroups() []catalog.Tool {
	gid := id("group_id", "App connector group")
	body := func(verb string, create bool) []catalog.Param {
		enabled := catalog.Bool("enabled", "Enable or disable the group.").Body("enabled")
		name := catalog.Str("name", verb+" group name.").Body("name")
		defaultCert := ""
		if create {
			enabled = catalog.Bool("enabled", "Whether the group is enabled.").Def(true).Body("enabled")
			name, defaultCert = name.Req(), "Connector"
		}
		return append(append([]catalog.Param{name, enabled}, siteParams(verb, "group")...),
			catalog.Str("dns_query_type", verb+" DNS query type the connectors use for the applications.").OneOf("IPV4_IPV6", "IPV4", "IPV6").Body("dnsQueryType"),
			refIDs("server_group_ids", verb+" server group ids, sent as serverGroups references.", "serverGroups"),
			refIDs("connector_ids", verb+" app connector ids, sent as connectors references.", "connectors"),
			catalog.Bool("lss_app_connector_group", "Whether the group's connectors stream logs for Log Streaming Service.").Body("lssAppConnectorGroup"),
			versionProfile(verb+" version profile: Default, Previous Default or New Release (or its id); turns the override on."),
			refID("enrollment_cert_id", verb+" enrollment certificate id the group's connectors enrol with.", "enrollmentCertId"),
			enrollmentCertName(defaultCert),
			microtenant(),
		)
	}
	return []catalog.Tool{
		{
			Name: "zpa_list_app_connector_groups", Toolset: "zpa_app_connector_groups", Action: catalog.Read,
			Description: "List ZPA app connector groups: location, upgrade window, version profile, DNS query type, " +
				"connectors and server groups. Without page, every page is read.",
			Method: "GET", Path: mgmt + "/appConnectorGroup",
			Params: listParams("app connector group"),
		},
		{
			Name: "zpa_get_app_connector_group", Toolset: "zpa_app_connector_groups", Action: catalog.Read,
			Description: "Get one ZPA app connector group by id, with its connectors and server groups.",
			Method:      "GET", Path: mgmt + "/appConnectorGroup/{group_id}", Shape: catalog.Record,
			Params: []catalog.Param{gid, microtenant()},
		},
		{
			Name: "zpa_create_app_connector_group", Toolset: "zpa_app_connector_groups", Action: catalog.Create,
			Description: "Create a ZPA app connector group: a site's connectors, its location and its upgrade window. " +
				"The enrollment certificate is taken by id, by name, or else the tenant's \"Connector\" certificate " +
				"(looked up first; nothing is created if it is missing). Connectors join it by enrolling with a " +
				"provisioning key made for the group. Returns the record as created.",
			Method: "POST", Path: mgmt + "/appConnectorGroup", Shape: catalog.Record,
			Params: body("The", true), Handler: withEnrollmentCert("Connector"),
			Example: map[string]any{"name": "Catalogue Test Connectors", "location": "Seattle, WA, USA",
				"latitude": "47.6062", "longitude": "-122.3321", "upgrade_day": "SUNDAY", "upgrade_time_in_secs": "66600"},
		},
		{
			Name: "zpa_update_app_connector_group", Toolset: "zpa_app_connector_groups", Action: catalog.Update,
			Description: "Update a ZPA app connector group. The current record is read and only the fields given change; " +
				"the enrollment certificate stays unless one is named. Returns the record after the change.",
			Method: "PUT", Path: mgmt + "/appConnectorGroup/{group_id}", Shape: catalog.Record,
			Merge: mgmt + "/appConnectorGroup/{group_id}", Refetch: mgmt + "/appConnectorGroup/{group_id}",
			Params: append([]catalog.Param{gid}, body("New", false)...), Handler: withEnrollmentCert(""),
			Example: map[string]any{"description": "Changed by the catalogue-wide test"},
		},
		{
			Name: "zpa_delete_app_connector_group", Toolset: "zpa_app_connector_groups", Action: catalog.Delete,
			Description: "Delete a ZPA app connector group. Destructive and immediate; confirmation required: the user must " +
				"confirm before anything is deleted. ZPA refuses, with its own message, while server groups or connectors still use it.",
			Method: "DELETE", Path: mgmt + "/appConnectorGroup/{group_id}", Shape: catalog.Done,
			Params: []catalog.Param{gid, microtenant()},
		},
	}
}
