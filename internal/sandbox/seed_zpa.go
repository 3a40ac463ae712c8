package sandbox

import "strconv"

// ZPA seed: 4 app connector groups (2 connectors each), 5 server groups,
// 6 segment groups and 27 application segments. Every segment's
// segmentGroupId and serverGroups exist, every server group's connector
// groups exist, and every segment group holds at least one segment.
// Ids share the customer id's leading digits, as real ZPA ids do.

const zpaIDBase int64 = 734512908613 * 1_000_000

func zpaID(n int64) string { return strconv.FormatInt(zpaIDBase+n, 10) }

const (
	zpaAdminSeq        = 101
	zpaConnGroupSeq    = 300101
	zpaConnectorSeq    = 300201
	zpaServerGroupSeq  = 300301
	zpaSegmentGroupSeq = 300401
	zpaAppSeq          = 300501
	zpaFirstNewSeq     = 400000 // objects created through the API get ids above this
)

var zpaConnectorGroupSeeds = []struct {
	name, short, location, lat, lon, cityCountry, country, desc string
	connectorIP                                                 [2]string
}{
	{"Seattle DC Connectors", "sea-dc", "Seattle, WA, USA", "47.6062", "-122.3321", "Seattle, US", "US", "Primary data centre", [2]string{"198.51.100.21", "198.51.100.22"}},
	{"Portland Lab Connectors", "pdx-lab", "Portland, OR, USA", "45.5152", "-122.6784", "Portland, US", "US", "Lab network", [2]string{"198.51.100.41", "198.51.100.42"}},
	{"AWS us-west-2 Connectors", "aws-usw2", "Boardman, OR, USA", "45.8399", "-119.7006", "Boardman, US", "US", "Production VPCs", [2]string{"192.0.2.31", "192.0.2.32"}},
	{"Frankfurt DC Connectors", "fra-dc", "Frankfurt, Hesse, Germany", "50.1109", "8.6821", "Frankfurt, DE", "DE", "EU data residency", [2]string{"203.0.113.91", "203.0.113.92"}},
}

var zpaServerGroupSeeds = []struct {
	name, desc string
	connGroups []int
}{
	{"Seattle DC Servers", "Applications hosted in the Seattle data centre", []int{0}},
	{"Portland Lab Servers", "Lab hypervisors and test hosts", []int{1}},
	{"AWS Production", "Production workloads in us-west-2", []int{2}},
	{"EU Applications", "Applications that must stay in the EU", []int{3}},
	{"Multi-DC Failover", "Served from whichever data centre answers first", []int{0, 2, 3}},
}

var zpaSegmentGroupSeeds = []struct{ name, desc string }{
	{"Engineering Apps", "Developer tooling"},
	{"Finance Apps", "Restricted to Finance"},
	{"IT Infrastructure", "Directory, DNS and admin access"},
	{"HR Apps", ""},
	{"Customer Support Tools", ""},
	{"Lab and Test", "Non-production hosts"},
}

type zpaAppSeed struct {
	name      string
	domains   []string
	tcp, udp  []string
	segment   int
	servers   []int
	disabled  bool
	desc      string
	bypass    string
	reporting string
}

var zpaAppSeeds = []zpaAppSeed{
	{name: "Source Code Repository", domains: []string{"git.corp.northwind.example.com"}, tcp: []string{"22", "22", "443", "443"}, segment: 0, servers: []int{0, 4}},
	{name: "CI Build Farm", domains: []string{"ci.corp.northwind.example.com", "*.build.northwind.example.com"}, tcp: []string{"443", "443"}, segment: 0, servers: []int{2}},
	{name: "Artifact Registry", domains: []string{"artifacts.corp.northwind.example.com"}, tcp: []string{"443", "443"}, segment: 0, servers: []int{2}},
	{name: "Issue Tracker", domains: []string{"issues.corp.northwind.example.com"}, tcp: []string{"443", "443"}, segment: 0, servers: []int{0}},
	{name: "Engineering Wiki", domains: []string{"wiki.corp.northwind.example.com"}, tcp: []string{"443", "443"}, segment: 0, servers: []int{0}},
	{name: "Internal APIs", domains: []string{"api.internal.northwind.example.com"}, tcp: []string{"443", "443", "8443", "8443"}, segment: 0, servers: []int{2, 4}},
	{name: "Staging Web", domains: []string{"staging.northwind.example.com"}, tcp: []string{"443", "443"}, segment: 0, servers: []int{2}, disabled: true, desc: "Disabled until the next release train"},
	{name: "ERP Finance", domains: []string{"erp.corp.northwind.example.com"}, tcp: []string{"443", "443"}, segment: 1, servers: []int{0, 4}, reporting: "CONTINUOUS"},
	{name: "Payroll Portal", domains: []string{"payroll.corp.northwind.example.com"}, tcp: []string{"443", "443"}, segment: 1, servers: []int{0}},
	{name: "Expense Reports", domains: []string{"expenses.corp.northwind.example.com"}, tcp: []string{"443", "443"}, segment: 1, servers: []int{2}},
	{name: "Treasury Workstations", domains: []string{"treasury.corp.northwind.example.com"}, tcp: []string{"3389", "3389"}, segment: 1, servers: []int{0}},
	{name: "Active Directory", domains: []string{"*.ad.northwind.example.com"}, tcp: []string{"88", "88", "389", "389", "445", "445", "636", "636", "3268", "3269"}, udp: []string{"88", "88", "389", "389"}, segment: 2, servers: []int{0, 3}, bypass: "NEVER", reporting: "CONTINUOUS"},
	{name: "DNS Servers", domains: []string{"dns1.corp.northwind.example.com", "dns2.corp.northwind.example.com"}, tcp: []string{"53", "53"}, udp: []string{"53", "53"}, segment: 2, servers: []int{0}},
	{name: "Jump Hosts", domains: []string{"jump.corp.northwind.example.com"}, tcp: []string{"22", "22"}, segment: 2, servers: []int{0, 2}},
	{name: "RDP Admin Servers", domains: []string{"*.admin.northwind.example.com"}, tcp: []string{"3389", "3389"}, segment: 2, servers: []int{0}},
	{name: "Metrics Dashboards", domains: []string{"metrics.corp.northwind.example.com"}, tcp: []string{"443", "443", "3000", "3000"}, segment: 2, servers: []int{2}},
	{name: "Log Search", domains: []string{"logs.corp.northwind.example.com"}, tcp: []string{"443", "443", "9200", "9200"}, segment: 2, servers: []int{2}},
	{name: "File Shares", domains: []string{"files.corp.northwind.example.com"}, tcp: []string{"445", "445"}, segment: 2, servers: []int{0, 3}},
	{name: "Print Servers", domains: []string{"print.corp.northwind.example.com"}, tcp: []string{"631", "631", "9100", "9100"}, segment: 2, servers: []int{0}},
	{name: "HR Portal", domains: []string{"hr.corp.northwind.example.com"}, tcp: []string{"443", "443"}, segment: 3, servers: []int{3}},
	{name: "Benefits Enrollment", domains: []string{"benefits.corp.northwind.example.com"}, tcp: []string{"443", "443"}, segment: 3, servers: []int{3}},
	{name: "Recruiting", domains: []string{"recruiting.corp.northwind.example.com"}, tcp: []string{"443", "443"}, segment: 3, servers: []int{3, 4}},
	{name: "Support Desk", domains: []string{"support.corp.northwind.example.com"}, tcp: []string{"443", "443"}, segment: 4, servers: []int{2}},
	{name: "Customer Database Admin", domains: []string{"custdb.corp.northwind.example.com"}, tcp: []string{"5432", "5432"}, segment: 4, servers: []int{2}, desc: "Read replicas only"},
	{name: "Knowledge Base", domains: []string{"kb.corp.northwind.example.com"}, tcp: []string{"443", "443"}, segment: 4, servers: []int{3}},
	{name: "Lab Hypervisors", domains: []string{"*.hv.lab.northwind.example.com"}, tcp: []string{"443", "443", "902", "902"}, segment: 5, servers: []int{1}},
	{name: "Lab Test Servers", domains: []string{"*.test.lab.northwind.example.com"}, tcp: []string{"1", "65535"}, udp: []string{"1", "65535"}, segment: 5, servers: []int{1}, bypass: "ON_NET", desc: "All ports, lab only"},
}

func seedZPA() *zpaState {
	z := &zpaState{nextID: zpaIDBase + zpaFirstNewSeq, adminID: zpaID(zpaAdminSeq)}
	at := func(daysAgo int) string { return strconv.FormatInt(seedEpoch-int64(daysAgo)*86400, 10) }

	z.connectorGroups = newCollection(func(g *zpaConnectorGroup) string { return g.ID })
	for i, s := range zpaConnectorGroupSeeds {
		g := zpaConnectorGroup{
			ID: zpaID(zpaConnGroupSeq + int64(i)), CreationTime: at(400 - i*30), ModifiedTime: at(20 + i), ModifiedBy: z.adminID,
			Name: s.name, Enabled: true, Description: s.desc,
			VersionProfileID: "0", VersionProfileName: "Default", VersionProfileVisibilityScope: "ALL",
			UpgradeTimeInSecs: "66600", UpgradeDay: "SUNDAY", UpgradePriority: "WEEK",
			Location: s.location, Latitude: s.lat, Longitude: s.lon, DNSQueryType: "IPV4_IPV6",
			CityCountry: s.cityCountry, CountryCode: s.country, PraEnabled: i == 0, ConnectorGroupType: "APP",
			Version: &zpaConnectorVersion{VersionProfileGID: "0", VersionProfileName: "Default",
				SargeVersion: "25.44.3", ChildVersion: "25.44.3", LatestPlatform: "el9"},
		}
		for j, ip := range s.connectorIP {
			c := zpaConnector{
				ID: zpaID(zpaConnectorSeq + int64(i*2+j)), Name: s.short + "-conn-0" + strconv.Itoa(j+1), Enabled: true,
				ControlChannelStatus: "ZPN_STATUS_AUTHENTICATED", CurrentVersion: "25.44.3", ExpectedVersion: "25.44.3",
				Platform: "el9", PrivateIP: "10." + strconv.Itoa(10+i*10) + ".0." + strconv.Itoa(11+j), PublicIP: ip,
				Location: s.location, LastBrokerConnectTime: strconv.FormatInt((seedEpoch-int64(300*(j+1)))*1_000_000, 10),
				UpgradeStatus: "COMPLETE",
			}
			if i == 3 && j == 1 { // one connector needs attention, so health questions have an answer
				c.ControlChannelStatus, c.CurrentVersion, c.UpgradeStatus = "ZPN_STATUS_DISCONNECTED", "25.18.1", "FAILED"
			}
			g.Connectors = append(g.Connectors, c)
		}
		z.connectorGroups.Insert(g)
	}

	z.serverGroups = newCollection(func(g *zpaServerGroup) string { return g.ID })
	for i, s := range zpaServerGroupSeeds {
		g := zpaServerGroup{
			ID: zpaID(zpaServerGroupSeq + int64(i)), CreationTime: at(380 - i*20), ModifiedTime: at(15 + i), ModifiedBy: z.adminID,
			Enabled: true, Name: s.name, Description: s.desc, ConfigSpace: "DEFAULT", DynamicDiscovery: true,
		}
		for _, cg := range s.connGroups {
			g.AppConnectorGroups = append(g.AppConnectorGroups, zpaConnectorGroupBrief{ID: zpaID(zpaConnGroupSeq + int64(cg))})
		}
		z.serverGroups.Insert(g)
	}

	z.segmentGroups = newCollection(func(g *zpaSegmentGroup) string { return g.ID })
	for i, s := range zpaSegmentGroupSeeds {
		z.segmentGroups.Insert(zpaSegmentGroup{
			ID: zpaID(zpaSegmentGroupSeq + int64(i)), CreationTime: at(370 - i*10), ModifiedTime: at(10 + i), ModifiedBy: z.adminID,
			Name: s.name, Description: s.desc, Enabled: true, ConfigSpace: "DEFAULT", TCPKeepAliveEnabled: "0",
		})
	}

	z.applications = newCollection(func(a *zpaApplication) string { return a.ID })
	for i, s := range zpaAppSeeds {
		a := zpaApplication{
			ID: zpaID(zpaAppSeq + int64(i)), CreationTime: at(360 - i*7), ModifiedTime: at(5 + i%9), ModifiedBy: z.adminID,
			DomainNames: append([]string{}, s.domains...), Name: s.name, Description: s.desc,
			Enabled: !s.disabled, PassiveHealthEnabled: true,
			TCPPortRanges: append([]string(nil), s.tcp...), UDPPortRanges: append([]string(nil), s.udp...),
			ConfigSpace: "DEFAULT", BypassType: "NEVER", HealthCheckType: "DEFAULT", IcmpAccessType: "NONE",
			IsCnameEnabled: true, HealthReporting: "ON_ACCESS", TCPKeepAlive: "0", MatchStyle: "EXCLUSIVE",
			PolicyStyle: "NONE", SegmentGroupID: zpaID(zpaSegmentGroupSeq + int64(s.segment)),
		}
		if s.bypass != "" {
			a.BypassType = s.bypass
		}
		if s.reporting != "" {
			a.HealthReporting = s.reporting
		}
		for _, sg := range s.servers {
			a.ServerGroups = append(a.ServerGroups, zpaServerGroupBrief{ID: zpaID(zpaServerGroupSeq + int64(sg))})
		}
		z.applications.Insert(a)
	}
	return z
}
