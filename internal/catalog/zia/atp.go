package zia

import (
	"context"
	"slices"
	"strings"

	"github.com/zscaler-mcp/zscaler-mcp/internal/catalog"
	"github.com/zscaler-mcp/zscaler-mcp/internal/zscaler"
)

// ZIA's Advanced Threat Protection lives under one prefix: tenant-wide
// settings objects, each at a fixed path and replaced whole on PUT, and the
// malicious-URL deny list, edited incrementally.
const (
	atp             = api + "/cyberThreatProtection"
	maliciousURLs   = atp + "/maliciousUrls"
	securityExcepts = atp + "/securityExceptions"
)

// atpMalware is the malware protection policy: what the scanner inspects and
// blocks, and per threat class whether it is blocked and captured.
func atpMalware() []catalog.Tool {
	toggles := func(name, path, what, example string, flags ...catalog.Param) []catalog.Tool {
		return []catalog.Tool{
			{
				Name: "zia_get_" + name, Toolset: "zia_atp_malware", Action: catalog.Read,
				Description: "Get " + what + ". One object for the whole tenant, e.g. " + example + ".",
				Method:      "GET", Path: atp + path, Shape: catalog.Record,
			},
			{
				Name: "zia_update_" + name, Toolset: "zia_atp_malware", Action: catalog.Update,
				Description: "Set " + what + ". Every switch is required: give each its value, true or false " +
					"(zia_get_" + name + " shows the current ones). Other members of the object keep their values. " +
					"Returns the object as saved.",
				Method: "PUT", Path: atp + path, Merge: atp + path, Shape: catalog.Record,
				Params: flags,
			},
		}
	}
	flag := func(name, wire, desc string) catalog.Param { return catalog.Bool(name, desc).Req().Body(wire) }
	inspection := toggles("atp_malware_inspection", "/atpMalwareInspection",
		"which directions of web traffic ZIA's malware protection inspects: inbound (downloads, responses) and outbound (uploads, requests)",
		`{"inspectInbound": true, "inspectOutbound": true}`,
		flag("inspect_inbound", "inspectInbound", "Scan inbound traffic (what users download) for malware."),
		flag("inspect_outbound", "inspectOutbound", "Scan outbound traffic (what users upload) for malware."))
	inspection[1].Example = map[string]any{"inspect_inbound": false, "inspect_outbound": false}
	policy := toggles("atp_malware_policy", "/malwarePolicy",
		"the files ZIA's malware protection blocks because it cannot look inside them: files it cannot scan, and password-protected archives",
		`{"blockUnscannableFiles": true, "blockPasswordProtectedArchiveFiles": true}`,
		flag("block_unscannable_files", "blockUnscannableFiles", "Block files the scanner cannot inspect (corrupt, too large, unknown format)."),
		flag("block_password_protected_archive_files", "blockPasswordProtectedArchiveFiles", "Block password-protected archives, whose content cannot be scanned."))
	policy[1].Example = map[string]any{"block_unscannable_files": false, "block_password_protected_archive_files": false}
	protocols := toggles("atp_malware_protocols", "/atpMalwareProtocols",
		"the protocols whose traffic ZIA's malware protection scans: HTTP (HTTPS too where SSL inspection decrypts it), FTP over HTTP, and native FTP",
		`{"inspectHttp": true, "inspectFtpOverHttp": true, "inspectFtp": true}`,
		flag("inspect_http", "inspectHttp", "Scan HTTP and decrypted HTTPS traffic."),
		flag("inspect_ftp_over_http", "inspectFtpOverHttp", "Scan FTP carried over HTTP (through the proxy)."),
		flag("inspect_ftp", "inspectFtp", "Scan native FTP traffic."))
	protocols[1].Description = strings.Replace(protocols[1].Description, "as saved", "as ZIA reads it back after the change", 1)
	protocols[1].Handler = reread
	protocols[1].Example = map[string]any{"inspect_http": false, "inspect_ftp_over_http": false, "inspect_ftp": false}
	return slices.Concat(inspection, policy, protocols,
		singleton("zia_get_malware_settings", "zia_update_malware_settings", "zia_atp_malware", "/cyberThreatProtection/malwareSettings",
			"the tenant's ZIA malware settings: for each threat class (viruses, trojans, worms, ransomware, adware, "+
				"spyware, remote access tools, unwanted applications) whether it is blocked (xxxBlocked) and whether "+
				"the traffic is captured for analysis (xxxCapture)",
			map[string]any{"adwareBlocked": true}))
}

// atpPolicy is the ATP policy: the threat categories blocked, the sites
// exempt from ATP, and the tenant's own deny list of malicious URLs.
func atpPolicy() []catalog.Tool {
	urls := func(what string) catalog.Param {
		return catalog.StrList("malicious_urls", "URLs or domains to "+what+", e.g. [\"bad.example.net\", \".phish.example.org\"] "+
			"(a leading dot covers the subdomains); a JSON list as text is accepted.").Req().Body("maliciousUrls").Converted(nonEmpty)
	}
	urlExample := map[string]any{"malicious_urls": []string{"drop.malware.example.net"}}
	return slices.Concat(
		singleton("zia_get_atp_settings", "zia_update_atp_settings", "zia_atp_policy", "/cyberThreatProtection/advancedThreatSettings",
			"the tenant's ZIA Advanced Threat Protection settings: the page risk score above which pages are blocked "+
				"(riskTolerance, 0 to 100), and for each threat category (command-and-control servers and traffic, "+
				"malware and phishing sites, browser exploits, cryptomining, Tor, BitTorrent, anonymizers, DGA domains, "+
				"...) whether it is blocked (xxxBlocked) and its traffic captured (xxxCapture)",
			map[string]any{"riskTolerance": 40}),
		[]catalog.Tool{
			{
				Name: "zia_get_atp_security_exceptions", Toolset: "zia_atp_policy", Action: catalog.Read,
				Description: "Get the URLs and domains exempt from ZIA Advanced Threat Protection (bypassUrls): traffic " +
					"to them is not blocked by the ATP threat categories. One list for the tenant.",
				Method: "GET", Path: securityExcepts, Shape: catalog.Record,
			},
			{
				Name: "zia_update_atp_security_exceptions", Toolset: "zia_atp_policy", Action: catalog.Update,
				Description: "Replace the list of URLs and domains exempt from ZIA Advanced Threat Protection. The list " +
					"given becomes the whole list: to add one, read it with zia_get_atp_security_exceptions and give " +
					"it back with the new URL; an empty list removes every exception. Returns the list as saved.",
				Method: "PUT", Path: securityExcepts, Shape: catalog.Record,
				Params: []catalog.Param{
					catalog.StrList("bypass_urls", "Every URL or domain to exempt, e.g. [\".partner.example.com\", \"update.example.net\"] "+
						"(a leading dot covers the subdomains); a JSON list as text is accepted.").Req().Body("bypassUrls"),
				},
				Example: map[string]any{"bypass_urls": []string{".updates.northwind.example.com", "telemetry.example.net"}},
			},
			{
				Name: "zia_list_atp_malicious_urls", Toolset: "zia_atp_policy", Action: catalog.Read,
				Description: "List the tenant's own deny list of malicious URLs and domains, which ZIA Advanced Threat " +
					"Protection blocks beside Zscaler's threat feeds. One list for the tenant, returned as the URLs.",
				Method: "GET", Path: maliciousURLs, RecordsKey: "maliciousUrls",
			},
			{
				Name: "zia_add_atp_malicious_urls", Toolset: "zia_atp_policy", Action: catalog.Create,
				Description: "Add URLs or domains to the ZIA ATP deny list of malicious URLs, through the API's incremental " +
					"action: the URLs already there stay. Returns the URLs added.",
				Method: "PUT", Path: maliciousURLs, Fixed: listEdit("ADD_TO_LIST"), Shape: catalog.Record,
				Params:  []catalog.Param{urls("add")},
				Example: urlExample,
			},
			{
				Name: "zia_delete_atp_malicious_urls", Toolset: "zia_atp_policy", Action: catalog.Delete,
				Description: "Remove URLs or domains from the ZIA ATP deny list of malicious URLs, through the API's " +
					"incremental action (the others stay); ZIA stops blocking them unless a threat feed does. Destructive; " +
					"confirmation required: the user must confirm before anything is removed.",
				Method: "PUT", Path: maliciousURLs, Fixed: listEdit("REMOVE_FROM_LIST"), Shape: catalog.Record,
				Params:  []catalog.Param{urls("remove")},
				Handler: removed("malicious_urls"),
				Example: urlExample,
			},
		})
}

// reread sends the write, then answers the object as the API reads it back.
func reread(ctx context.Context, c *catalog.Call) (*catalog.Result, error) {
	if _, err := c.Exec.Run(ctx, c.Tool.Plain(), c.Args); err != nil {
		return nil, err
	}
	get := catalog.Tool{Name: c.Tool.Name, Service: zscaler.ZIA, Method: "GET", Path: c.Tool.Path, Shape: catalog.Record}
	return c.Exec.Run(ctx, &get, catalog.Args{})
}
