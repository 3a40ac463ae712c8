package zia

import (
	"context"
	"encoding/json"
	"fmt"
	"maps"
	"net/url"
	"slices"

	"github.com/zscaler-mcp/zscaler-mcp/internal/catalog"
)

// operationResult describes what a write answers when the API gives back no
// record: whether it was done, and what was done.
var operationResult = json.RawMessage(`{"type":"object","properties":{` +
	`"success":{"type":"boolean","description":"Whether the API accepted the change."},` +
	`"message":{"type":"string","description":"What was changed."}},` +
	`"required":["success","message"],"additionalProperties":false}`)

// listEdit is the query of ZIA's incremental list changes: the values given
// are added to the stored list, or taken from it, and the rest stays.
func listEdit(action string) url.Values { return url.Values{"action": {action}} }

const exemptURLs = api + "/authSettings/exemptedUrls"

func settings() []catalog.Tool {
	exempt := func(what string) catalog.Param {
		return catalog.StrList("exempt_urls", "URLs or domains to "+what+", e.g. [\"sso.example.com\", \".updates.example.com\"] "+
			"(a leading dot covers the subdomains); a JSON list as text is accepted.").Req().Body("urls").Converted(nonEmpty)
	}
	return slices.Concat(singleton("zia_get_advanced_settings", "zia_update_advanced_settings", "zia_advanced_settings", "/advancedSettings",
		"the tenant's ZIA advanced settings: authentication, Kerberos, basic and digest bypasses (URLs, URL "+
			"categories, applications), DNS resolution on transparent proxies, HTTP tunnel and domain-fronting "+
			"controls, Office 365 one-click, the admin UI session timeout and other tenant-wide switches",
		map[string]any{"uiSessionTimeout": 3600}),
		singleton("zia_get_mobile_advanced_settings", "zia_update_mobile_advanced_settings", "zia_misc", "/mobileAdvanceThreatSettings",
			"the tenant's ZIA mobile advanced threat settings: whether to block mobile applications with malicious "+
				"activity or known vulnerabilities, or that leak credentials, location, personal data or device "+
				"identifiers, or talk to ad sites or unknown servers",
			map[string]any{"blockAppsSendingLocationInfo": true}),
		[]catalog.Tool{{
			Name: "zia_list_auth_exempt_urls", Toolset: "zia_authentication_settings", Action: catalog.Read,
			Description: "List the URLs and domains exempt from ZIA cookie authentication (users reach them without " +
				"signing in, e.g. update servers and devices that cannot authenticate). One list for the tenant.",
			Method: "GET", Path: exemptURLs, RecordsKey: "urls",
		},
			{
				Name: "zia_add_auth_exempt_urls", Toolset: "zia_authentication_settings", Action: catalog.Create,
				Description: "Add URLs or domains to the ZIA cookie-authentication exempt list. The API adds them to the " +
					"list (the URLs already there stay) and answers the URLs added.",
				Method: "POST", Path: exemptURLs, Fixed: listEdit("ADD_TO_LIST"), Shape: catalog.Record,
				Params:  []catalog.Param{exempt("add")},
				Example: map[string]any{"exempt_urls": []string{"kiosk.northwind.example.com"}},
			},
			{
				Name: "zia_delete_auth_exempt_urls", Toolset: "zia_authentication_settings", Action: catalog.Delete,
				Description: "Remove URLs or domains from the ZIA cookie-authentication exempt list (the others stay); " +
					"users must authenticate for them again. Destructive; confirmation required: the user must confirm " +
					"before anything is removed.",
				Method: "POST", Path: exemptURLs, Fixed: listEdit("REMOVE_FROM_LIST"), Shape: catalog.Record,
				Params:  []catalog.Param{exempt("remove")},
				Handler: removed("exempt_urls"),
				Example: map[string]any{"exempt_urls": []string{"printers.northwind.example.com"}},
			}})
}

// singleton is the get and update tools of a tenant-wide settings object,
// which the API replaces whole on PUT: the update reads it, lays the given
// members over it and writes it back.
func singleton(get, update, toolset, path, what string, example map[string]any) []catalog.Tool {
	return []catalog.Tool{
		{
			Name: get, Toolset: toolset, Action: catalog.Read,
			Description: "Get " + what + ". One object for the whole tenant, every member as the API returns it.",
			Method:      "GET", Path: api + path, Shape: catalog.Record,
		},
		{
			Name: update, Toolset: toolset, Action: catalog.Update,
			Description: "Change " + what + ". Give only the members to change: the API replaces the whole object, so " +
				"the current one is read first and every member not given keeps its value. Returns the object as saved.",
			Method: "PUT", Path: api + path, Merge: api + path, Shape: catalog.Record,
			Params: []catalog.Param{
				catalog.Obj("settings", "The members to change, in the API's names (camelCase as "+get+" shows them; "+
					"snake_case is accepted), e.g. "+exampleText(example)+"; an object or its JSON text.").Req().At(catalog.InBodyMore),
			},
			Handler: settingsMembers,
			Example: map[string]any{"settings": example},
		},
	}
}

func exampleText(v any) string { b, _ := json.Marshal(v); return string(b) }

func nonEmpty(v any) (any, error) {
	if len(v.([]string)) == 0 {
		return nil, fmt.Errorf("give at least one URL")
	}
	return v, nil
}

// removed is the handler of an incremental removal from a list: it sends the
// removal and says what it did (the API answers only the values it took out).
func removed(param string) func(context.Context, *catalog.Call) (*catalog.Result, error) {
	return func(ctx context.Context, c *catalog.Call) (*catalog.Result, error) {
		if _, err := c.Exec.Run(ctx, c.Tool.Plain(), c.Args); err != nil {
			return nil, err
		}
		return catalog.ObjectResult(map[string]any{"deleted": true, param: c.Args[param].([]string)}), nil
	}
}

// settingsMembers puts an update's members in the API's names (camelCase;
// the reference server's snake_case is accepted) and refuses an empty one.
func settingsMembers(ctx context.Context, c *catalog.Call) (*catalog.Result, error) {
	in, _ := c.Args["settings"].(map[string]any)
	if len(in) == 0 {
		return nil, &catalog.ArgError{Problems: []string{"settings is empty: give the members to change, e.g. {\"uiSessionTimeout\": 3600}"}}
	}
	out := make(map[string]any, len(in))
	for _, k := range slices.Sorted(maps.Keys(in)) {
		out[camel(k)] = in[k]
	}
	args := maps.Clone(c.Args)
	args["settings"] = out
	return c.Exec.Run(ctx, c.Tool.Plain(), args)
}
