package zia

import (
	"context"
	"encoding/json"
	"fmt"
	"net/url"
	"strings"

	"github.com/zscaler-mcp/zscaler-mcp/internal/catalog"
	"github.com/zscaler-mcp/zscaler-mcp/internal/zscaler"
)

const (
	location      = api + "/locations/{location_id}"
	locationGroup = api + "/locations/groups/{group_id}"
	staticIPs     = api + "/staticIP"
	staticIP      = staticIPs + "/{static_ip_id}"
	greTunnels    = api + "/greTunnels"
	greTunnel     = greTunnels + "/{tunnel_id}"
	greRanges     = greTunnels + "/availableInternalIpRanges"
	vpnCreds      = api + "/vpnCredentials"
	vpnCred       = vpnCreds + "/{credential_id}"
)

// vpnTypes are the kinds of VPN credential ZIA knows: by source IP, by user
// FQDN (user@domain), by certificate common name, by XAUTH.
var vpnTypes = []string{"IP", "UFQDN", "CN", "XAUTH"}

// num is a parameter holding a JSON number (latitude, longitude).
func num(name, desc string) catalog.Param {
	p := catalog.Int(name, desc)
	p.Type = catalog.Number
	return p
}

func locations() []catalog.Tool {
	locID := numeric(catalog.PathID("location_id", "Location id (zia_list_locations)."))
	ipID := numeric(catalog.PathID("static_ip_id", "Static IP id (zia_list_static_ips)."))
	tunnelID := numeric(catalog.PathID("tunnel_id", "GRE tunnel id (zia_list_gre_tunnels)."))
	credID := numeric(catalog.PathID("credential_id", "VPN credential id (zia_list_vpn_credentials)."))
	locationParams := func(create bool) []catalog.Param {
		name := catalog.Str("name", "Location name, unique in the tenant.").Req().Body("name")
		if !create {
			name.Description = "Location name (required by the tool; give the current one to keep it)."
		}
		return []catalog.Param{
			name,
			catalog.Str("country", "Country in the API's upper-case form, e.g. UNITED_STATES, GERMANY.").Body("country"),
			catalog.Str("tz", "Time zone in the API's form, e.g. UNITED_STATES_AMERICA_LOS_ANGELES.").Body("tz"),
			catalog.StrList("ip_addresses", "Public egress IPs or ranges of the location (static IPs of the tenant, "+
				"zia_list_static_ips), e.g. [\"203.0.113.10\"]; a JSON list as text is accepted.").Body("ipAddresses"),
			catalog.Str("description", "Free-text description.").Body("description"),
			catalog.Obj("advanced", "Other location members in the API's names, laid over the body: e.g. "+
				"{\"vpnCredentials\":[{\"id\":158933285,\"type\":\"UFQDN\"}],\"profile\":\"SERVER\",\"authRequired\":true,"+
				"\"sslScanEnabled\":true,\"ofwEnabled\":true,\"ipsControl\":true,\"xffForwardEnabled\":true,\"parentId\":<id> for a sub-location}.").
				At(catalog.InBodyMore),
		}
	}
	staticIPParams := []catalog.Param{
		catalog.Str("comment", "Free-text note.").Body("comment"),
		catalog.Bool("geo_override", "true to set the location by latitude and longitude instead of ZIA's geolocation.").Body("geoOverride"),
		catalog.Bool("routable_ip", "Whether the address is publicly routable (default true).").Body("routableIP"),
		num("latitude", "Latitude, -90 to 90 (with geo_override).").Range(-90, 90).Body("latitude"),
		num("longitude", "Longitude, -180 to 180 (with geo_override).").Range(-180, 180).Body("longitude"),
	}
	return []catalog.Tool{
		{
			Name: "zia_list_locations", Toolset: "zia_locations", Action: catalog.Read,
			Description: "List ZIA locations (offices, data centres, cloud workloads) with their traffic forwarding, " +
				"authentication, SSL and firewall settings and their location groups. Every page is read.",
			Method: "GET", Path: api + "/locations", Paging: zscaler.PagingZIA,
			Params: []catalog.Param{
				catalog.Str("search", "Substring of the location name, matched by the API.").Query("search"),
			},
		},
		{
			Name: "zia_get_location", Toolset: "zia_locations", Action: catalog.Read,
			Description: "Get one ZIA location or sub-location by id: its IP addresses and VPN credentials, country and " +
				"time zone, profile, authentication, SSL, firewall, XFF and bandwidth settings, and parentId (0 for a " +
				"top-level location).",
			Method: "GET", Path: location, Shape: catalog.Record,
			Params: []catalog.Param{locID},
		},
		{
			Name: "zia_create_location", Toolset: "zia_locations", Action: catalog.Create,
			Description: "Create a ZIA location. ZIA needs a way to recognise its traffic: ip_addresses (static IPs " +
				"already added with zia_create_static_ip) or VPN credentials in advanced.vpnCredentials " +
				"(zia_create_vpn_credential). A sub-location is a location with advanced.parentId set. " +
				"Returns the location as created.",
			Method: "POST", Path: api + "/locations", Shape: catalog.Record,
			Params:  locationParams(true),
			Example: map[string]any{"name": "Catalogue Test Branch", "country": "UNITED_STATES", "tz": "UNITED_STATES_AMERICA_LOS_ANGELES", "ip_addresses": []string{"203.0.113.77"}, "description": "Made by the catalogue-wide test"},
		},
		{
			Name: "zia_update_location", Toolset: "zia_locations", Action: catalog.Update,
			Description: "Update a ZIA location or sub-location. The API replaces the whole location, so the current " +
				"one is read first and the members not given keep their values.",
			Method: "PUT", Path: location, Merge: location, Shape: catalog.Record,
			Params:  append([]catalog.Param{locID}, locationParams(false)...),
			Example: map[string]any{"name": "Catalogue Test Branch", "description": "Changed by the catalogue-wide test"},
		},
		{
			Name: "zia_delete_location", Toolset: "zia_locations", Action: catalog.Delete,
			Description: "Delete a ZIA location (and its sub-locations). Destructive; confirmation required: the user " +
				"must confirm before anything is deleted. Rules that named the location no longer apply to its traffic.",
			Method: "DELETE", Path: location, Shape: catalog.Done,
			Params: []catalog.Param{locID},
		},
		{
			Name: "zia_list_location_groups", Toolset: "zia_locations", Action: catalog.Read,
			Description: "List ZIA location groups: the predefined dynamic groups (by profile: corporate, server, guest " +
				"Wi-Fi, IoT, workload) and the custom static and dynamic ones, each with its member locations. Rules " +
				"refer to them by id. Every page is read.",
			Method: "GET", Path: api + "/locations/groups", Paging: zscaler.PagingZIA,
			Params: []catalog.Param{
				catalog.Str("search", "Text the group name contains, matched by the API.").Query("search"),
				catalog.Str("name", "Group name, matched by the API.").Query("name"),
			},
		},
		{
			Name: "zia_get_location_group", Toolset: "zia_locations", Action: catalog.Read,
			Description: "Get one ZIA location group by id: its type (static or dynamic), the criteria of a dynamic " +
				"group, and its member locations.",
			Method: "GET", Path: locationGroup, Shape: catalog.Record,
			Params: []catalog.Param{numeric(catalog.PathID("group_id", "Location group id (zia_list_location_groups)."))},
		},
		{
			Name: "zia_list_static_ips", Toolset: "zia_locations", Action: catalog.Read,
			Description: "List the static public IPs of the ZIA tenant (the egress addresses locations and GRE tunnels " +
				"are built on), with their geolocation and whether they are routable. Every page is read.",
			Method: "GET", Path: staticIPs, Paging: zscaler.PagingZIA,
			Params: []catalog.Param{
				catalog.Str("search", "Text the address or comment contains, matched by the API.").Query("search"),
			},
		},
		{
			Name: "zia_get_static_ip", Toolset: "zia_locations", Action: catalog.Read,
			Description: "Get one ZIA static IP by id: the address, its city and coordinates, geoOverride, routableIP and comment.",
			Method:      "GET", Path: staticIP, Shape: catalog.Record,
			Params: []catalog.Param{ipID},
		},
		{
			Name: "zia_create_static_ip", Toolset: "zia_locations", Action: catalog.Create,
			Description: "Add a static public IP to the ZIA tenant, before a location or GRE tunnel uses it. ZIA refuses " +
				"an address the organisation already has, or one another organisation owns. Returns the record with " +
				"the city ZIA placed it in.",
			Method: "POST", Path: staticIPs, Shape: catalog.Record,
			Params: append([]catalog.Param{
				catalog.Str("ip_address", "The public IPv4 address, e.g. 203.0.113.20.").Req().Body("ipAddress"),
			}, staticIPParams...),
			Example: map[string]any{"ip_address": "203.0.113.99", "comment": "Made by the catalogue-wide test"},
		},
		{
			Name: "zia_update_static_ip", Toolset: "zia_locations", Action: catalog.Update,
			Description: "Update a ZIA static IP's comment, routability or geolocation override. The API replaces the " +
				"whole record, so the current one is read first and the members not given keep their values; the " +
				"address itself cannot change.",
			Method: "PUT", Path: staticIP, Merge: staticIP, Shape: catalog.Record,
			Params:  append([]catalog.Param{ipID}, staticIPParams...),
			Example: map[string]any{"comment": "Changed by the catalogue-wide test"},
		},
		{
			Name: "zia_delete_static_ip", Toolset: "zia_locations", Action: catalog.Delete,
			Description: "Delete a ZIA static IP. Destructive; confirmation required: the user must confirm before " +
				"anything is deleted. ZIA refuses while a location, GRE tunnel or VPN credential uses the address.",
			Method: "DELETE", Path: staticIP, Shape: catalog.Done,
			Params: []catalog.Param{ipID},
		},
		{
			Name: "zia_list_gre_tunnels", Toolset: "zia_locations", Action: catalog.Read,
			Description: "List the ZIA GRE tunnels: each one's source IP, primary and secondary destination VIPs " +
				"(Zscaler data centres), internal IP range or unnumbered mode, and comment. Every page is read.",
			Method: "GET", Path: greTunnels, Paging: zscaler.PagingZIA,
		},
		{
			Name: "zia_get_gre_tunnel", Toolset: "zia_locations", Action: catalog.Read,
			Description: "Get one ZIA GRE tunnel by id: source IP, destination VIPs, internal range and settings.",
			Method:      "GET", Path: greTunnel, Shape: catalog.Record,
			Params: []catalog.Param{tunnelID},
		},
		{
			Name: "zia_create_gre_tunnel", Toolset: "zia_locations", Action: catalog.Create,
			Description: "Create a ZIA GRE tunnel from a public source IP. The static IP is looked up and added first " +
				"when the tenant does not have it yet; a numbered tunnel (ip_unnumbered not true) without " +
				"internal_ip_range takes the first free internal range ZIA offers for that IP. Returns the tunnel.",
			Method: "POST", Path: greTunnels, Shape: catalog.Record,
			Params: []catalog.Param{
				catalog.Str("static_ip_address", "The tunnel's public source IP, e.g. 203.0.113.30.").Req().Body("sourceIp"),
				catalog.Bool("ip_unnumbered", "true for an unnumbered tunnel (no internal range).").Body("ipUnnumbered"),
				catalog.Str("internal_ip_range", "Start of the tunnel's internal /29 range, from zia_list_gre_ranges.").Body("internalIpRange"),
				catalog.Str("comment", "Free-text note, also put on a static IP added for the tunnel.").Body("comment"),
			},
			Handler: createGRETunnel,
			Example: map[string]any{"static_ip_address": "198.51.100.201", "comment": "Made by the catalogue-wide test"},
		},
		{
			Name: "zia_delete_gre_tunnel", Toolset: "zia_locations", Action: catalog.Delete,
			Description: "Delete a ZIA GRE tunnel and then the static IP it was built on. Destructive; confirmation " +
				"required: the user must confirm before anything is deleted.",
			Method: "DELETE", Path: greTunnel, Shape: catalog.Done,
			Params: []catalog.Param{
				tunnelID,
				numeric(catalog.Str("static_ip_id", "Id of the tunnel's static IP, deleted after the tunnel (zia_list_static_ips).").Req().At(catalog.InHandler)),
			},
			Handler: deleteGRETunnel,
			Example: map[string]any{"static_ip_id": "4300011"},
		},
		{
			Name: "zia_list_gre_ranges", Toolset: "zia_locations", Action: catalog.Read,
			Description: "List the internal IP ranges still free for new numbered GRE tunnels (startIPAddress and " +
				"endIPAddress of each /29), optionally for one source IP.",
			Method: "GET", Path: greRanges,
			Params: []catalog.Param{
				catalog.Str("internal_ip_range", "Only ranges within this internal range.").Query("internalIpRange"),
				catalog.Str("static_ip", "The source static IP the ranges are for.").Query("staticIp"),
				catalog.Int("limit", "Most ranges to return.").AtLeast(1).Query("limit"),
			},
		},
		{
			Name: "zia_list_vpn_credentials", Toolset: "zia_locations", Action: catalog.Read,
			Description: "List the ZIA VPN credentials locations authenticate IPSec tunnels with: type (IP, UFQDN, CN, " +
				"XAUTH), the IP address or FQDN, comments and the location using each. Pre-shared keys are never " +
				"returned. Every page is read.",
			Method: "GET", Path: vpnCreds, Paging: zscaler.PagingZIA,
			Params: []catalog.Param{
				catalog.Str("search", "Text the FQDN, IP address or comments contain, matched by the API.").Query("search"),
			},
		},
		{
			Name: "zia_get_vpn_credential", Toolset: "zia_locations", Action: catalog.Read,
			Description: "Get one ZIA VPN credential by id: its type, IP address or FQDN, comments and location " +
				"(never its pre-shared key, which the API does not return).",
			Method: "GET", Path: vpnCred, Shape: catalog.Record,
			Params: []catalog.Param{credID},
		},
		{
			Name: "zia_create_vpn_credential", Toolset: "zia_locations", Action: catalog.Create,
			Description: "Create a ZIA VPN credential for a location's IPSec tunnels: type IP needs ip_address (a " +
				"static IP of the tenant), type UFQDN needs fqdn (user@domain). The pre-shared key is sent to the API " +
				"and never shown back. Attach it to a location through zia_create_location's advanced.vpnCredentials.",
			Method: "POST", Path: vpnCreds, Shape: catalog.Record,
			Params: []catalog.Param{
				catalog.Str("credential_type", "Credential type: "+strings.Join(vpnTypes, ", ")+".").OneOf(vpnTypes...).Req().Body("type"),
				catalog.Str("pre_shared_key", "The IKE pre-shared key (write-only).").Req().Body("preSharedKey"),
				catalog.Str("ip_address", "Source IP, for type IP.").Body("ipAddress"),
				catalog.Str("fqdn", "User FQDN such as branch1@northwind.example.com, for type UFQDN.").Body("fqdn"),
				catalog.Str("comments", "Free-text note.").Body("comments"),
			},
			Complete: checkVPNCredential,
			Example:  map[string]any{"credential_type": "UFQDN", "fqdn": "catalogue-test@northwind.example.com", "pre_shared_key": "catalogue-test-psk", "comments": "Made by the catalogue-wide test"},
		},
		{
			Name: "zia_update_vpn_credential", Toolset: "zia_locations", Action: catalog.Update,
			Description: "Update a ZIA VPN credential's pre-shared key or comments. The API replaces the whole " +
				"credential, so the current one is read first and the members not given keep their values; the key is " +
				"sent only when given and never shown back.",
			Method: "PUT", Path: vpnCred, Merge: vpnCred, Shape: catalog.Record,
			Params: []catalog.Param{
				credID,
				catalog.Str("pre_shared_key", "A new IKE pre-shared key (write-only).").Body("preSharedKey"),
				catalog.Str("comments", "New free-text note.").Body("comments"),
			},
			Example: map[string]any{"comments": "Changed by the catalogue-wide test"},
		},
		{
			Name: "zia_delete_vpn_credential", Toolset: "zia_locations", Action: catalog.Delete,
			Description: "Delete a ZIA VPN credential. Destructive; confirmation required: the user must confirm before " +
				"anything is deleted. ZIA refuses while a location still uses it.",
			Method: "DELETE", Path: vpnCred, Shape: catalog.Done,
			Params: []catalog.Param{credID},
		},
		{
			Name: "zia_geo_search", Toolset: "zia_locations", Action: catalog.Read,
			Description: "Look up ZIA's geographic regions, as used for locations and static IPs: city_prefix_search " +
				"lists cities whose name starts with prefix; geo_by_coordinates finds the region at latitude and " +
				"longitude; geo_by_ip the region of a public IP. Each answer gives city, state, country and coordinates.",
			Method: "GET", Path: api + "/region/search",
			Params: []catalog.Param{
				catalog.Str("action", "city_prefix_search (needs prefix), geo_by_coordinates (needs latitude and longitude) or geo_by_ip (needs ip).").
					OneOf("geo_by_coordinates", "geo_by_ip", "city_prefix_search").Req().At(catalog.InHandler),
				num("latitude", "Latitude, -90 to 90, for geo_by_coordinates.").Range(-90, 90).Query("latitude"),
				num("longitude", "Longitude, -180 to 180, for geo_by_coordinates.").Range(-180, 180).Query("longitude"),
				catalog.Str("ip", "Public IP address, for geo_by_ip.").At(catalog.InHandler),
				catalog.Str("prefix", "Start of a city name, for city_prefix_search, e.g. \"San J\".").Query("prefix"),
			},
			Handler: geoSearch,
			Example: map[string]any{"action": "city_prefix_search", "prefix": "San"},
		},
	}
}

// checkVPNCredential refuses, before anything is sent, a credential without
// the identity its type needs.
func checkVPNCredential(args catalog.Args, _ map[string]any) error {
	need := map[string]string{"IP": "ip_address", "UFQDN": "fqdn"}[fmt.Sprint(args["credential_type"])]
	if s, _ := args[need].(string); need != "" && s == "" {
		return &catalog.ArgError{Problems: []string{fmt.Sprintf("%s is required when credential_type is %s", need, args["credential_type"])}}
	}
	return nil
}

// geoSearch sends the lookup its action names, once what it needs is given.
func geoSearch(ctx context.Context, c *catalog.Call) (*catalog.Result, error) {
	t := c.Tool.Plain()
	args := catalog.Args{}
	need := func(names ...string) error {
		for _, n := range names {
			if _, ok := c.Args[n]; !ok {
				return &catalog.ArgError{Problems: []string{fmt.Sprintf("%s is required for action %s", n, c.Args["action"])}}
			}
			args[n] = c.Args[n]
		}
		return nil
	}
	var err error
	switch c.Args["action"] {
	case "geo_by_coordinates":
		t.Path, t.Shape, err = api+"/region/byGeoCoordinates", catalog.Record, need("latitude", "longitude")
	case "geo_by_ip":
		t.Path, t.Shape, err = api+"/region/byIPAddress/{ip}", catalog.Record, need("ip")
	default:
		err = need("prefix")
	}
	if err != nil {
		return nil, err
	}
	return c.Exec.Run(ctx, t, args)
}

// createGRETunnel makes sure the source IP is a static IP of the tenant,
// picks the first free internal range for a numbered tunnel given none, and
// creates the tunnel.
func createGRETunnel(ctx context.Context, c *catalog.Call) (*catalog.Result, error) {
	src := c.Args["static_ip_address"].(string)
	do := func(method, path string, q url.Values, body any) ([]byte, error) {
		resp, err := c.Exec.API.Do(ctx, &zscaler.Request{Service: c.Tool.Service, Method: method, Path: path, Query: q, Body: body})
		if err != nil {
			return nil, err
		}
		return resp.Body, nil
	}
	raw, err := do("GET", staticIPs, url.Values{"ipAddress": {src}}, nil)
	if err != nil {
		return nil, err
	}
	var found []map[string]any
	_ = json.Unmarshal(raw, &found)
	if !hasIP(found, src) {
		body := map[string]any{"ipAddress": src}
		if s, ok := c.Args["comment"]; ok {
			body["comment"] = s
		}
		if _, err := do("POST", staticIPs, nil, body); err != nil {
			return nil, err
		}
	}
	args := catalog.Args{}
	for k, v := range c.Args {
		args[k] = v
	}
	if un, _ := args["ip_unnumbered"].(bool); !un && args["internal_ip_range"] == nil {
		raw, err := do("GET", greRanges, url.Values{"staticIp": {src}}, nil)
		if err != nil {
			return nil, err
		}
		var ranges []map[string]any
		if json.Unmarshal(raw, &ranges) != nil || len(ranges) == 0 || ranges[0]["startIPAddress"] == nil {
			return nil, fmt.Errorf("ZIA offers no free internal IP range for a GRE tunnel from %s: give ip_unnumbered true or an internal_ip_range", src)
		}
		args["internal_ip_range"] = fmt.Sprint(ranges[0]["startIPAddress"])
	}
	return c.Exec.Run(ctx, c.Tool.Plain(), args)
}

func hasIP(records []map[string]any, ip string) bool {
	for _, r := range records {
		if r["ipAddress"] == ip {
			return true
		}
	}
	return false
}

// deleteGRETunnel deletes the tunnel, then its static IP.
func deleteGRETunnel(ctx context.Context, c *catalog.Call) (*catalog.Result, error) {
	if _, err := c.Exec.Run(ctx, c.Tool.Plain(), c.Args); err != nil {
		return nil, err
	}
	ip := c.Args["static_ip_id"].(string)
	if _, err := c.Exec.API.Do(ctx, &zscaler.Request{Service: c.Tool.Service, Method: "DELETE", Path: staticIPs + "/" + ip}); err != nil {
		return nil, fmt.Errorf("GRE tunnel %s deleted, but not its static IP %s: %w", c.Args["tunnel_id"], ip, err)
	}
	return catalog.ObjectResult(map[string]any{"success": true,
		"message": fmt.Sprintf("GRE tunnel %s and static IP %s deleted.", c.Args["tunnel_id"], ip)}), nil
}
