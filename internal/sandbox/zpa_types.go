package sandbox

// ZPA record types. Ids and times are strings (int64 ids, epoch seconds), as
// on the wire. Nested references are stored with their id only and filled in
// by the render functions, so that a rename shows up everywhere at once.

type zpaPortRange struct {
	From string `json:"from"`
	To   string `json:"to"`
}

// zpaAppBrief is how a server group lists the applications that use it.
type zpaAppBrief struct {
	ID      string `json:"id"`
	Name    string `json:"name"`
	Enabled bool   `json:"enabled"`
}

// zpaServerGroupBrief is a server group as nested in an application.
type zpaServerGroupBrief struct {
	ID               string `json:"id"`
	ModifiedTime     string `json:"modifiedTime,omitempty"`
	CreationTime     string `json:"creationTime,omitempty"`
	ModifiedBy       string `json:"modifiedBy,omitempty"`
	Name             string `json:"name,omitempty"`
	Enabled          bool   `json:"enabled"`
	Description      string `json:"description,omitempty"`
	ConfigSpace      string `json:"configSpace,omitempty"`
	Weight           string `json:"weight,omitempty"`
	Passive          bool   `json:"passive"`
	ExtranetEnabled  bool   `json:"extranetEnabled"`
	DynamicDiscovery bool   `json:"dynamicDiscovery"`
}

// zpaConnectorGroupBrief is a connector group as nested in a server group.
type zpaConnectorGroupBrief struct {
	ID                       string `json:"id"`
	ModifiedTime             string `json:"modifiedTime,omitempty"`
	CreationTime             string `json:"creationTime,omitempty"`
	ModifiedBy               string `json:"modifiedBy,omitempty"`
	Name                     string `json:"name,omitempty"`
	Enabled                  bool   `json:"enabled"`
	Description              string `json:"description,omitempty"`
	VersionProfileID         string `json:"versionProfileId,omitempty"`
	OverrideVersionProfile   bool   `json:"overrideVersionProfile"`
	Location                 string `json:"location,omitempty"`
	DNSQueryType             string `json:"dnsQueryType,omitempty"`
	CityCountry              string `json:"cityCountry,omitempty"`
	CountryCode              string `json:"countryCode,omitempty"`
	TCPQuickAckApp           bool   `json:"tcpQuickAckApp"`
	TCPQuickAckAssistant     bool   `json:"tcpQuickAckAssistant"`
	TCPQuickAckReadAssistant bool   `json:"tcpQuickAckReadAssistant"`
	PraEnabled               bool   `json:"praEnabled"`
	UseInDrMode              bool   `json:"useInDrMode"`
	ConnectorGroupType       string `json:"connectorGroupType,omitempty"`
	WafDisabled              bool   `json:"wafDisabled"`
	LssAppConnectorGroup     bool   `json:"lssAppConnectorGroup"`
}

type zpaApplication struct {
	ModifiedTime              string                `json:"modifiedTime"`
	CreationTime              string                `json:"creationTime"`
	ModifiedBy                string                `json:"modifiedBy"`
	ID                        string                `json:"id"`
	DomainNames               []string              `json:"domainNames"`
	Name                      string                `json:"name"`
	Description               string                `json:"description,omitempty"`
	ServerGroups              []zpaServerGroupBrief `json:"serverGroups"`
	Enabled                   bool                  `json:"enabled"`
	PassiveHealthEnabled      bool                  `json:"passiveHealthEnabled"`
	TCPPortRanges             []string              `json:"tcpPortRanges,omitempty"`
	TCPPortRange              []zpaPortRange        `json:"tcpPortRange,omitempty"`
	UDPPortRanges             []string              `json:"udpPortRanges,omitempty"`
	UDPPortRange              []zpaPortRange        `json:"udpPortRange,omitempty"`
	DoubleEncrypt             bool                  `json:"doubleEncrypt"`
	ConfigSpace               string                `json:"configSpace"`
	BypassType                string                `json:"bypassType"`
	HealthCheckType           string                `json:"healthCheckType"`
	IcmpAccessType            string                `json:"icmpAccessType"`
	IsCnameEnabled            bool                  `json:"isCnameEnabled"`
	IPAnchored                bool                  `json:"ipAnchored"`
	BypassOnReauth            bool                  `json:"bypassOnReauth"`
	InspectTrafficWithZia     bool                  `json:"inspectTrafficWithZia"`
	HealthReporting           string                `json:"healthReporting"`
	UseInDrMode               bool                  `json:"useInDrMode"`
	TCPKeepAlive              string                `json:"tcpKeepAlive"`
	SelectConnectorCloseToApp bool                  `json:"selectConnectorCloseToApp"`
	MatchStyle                string                `json:"matchStyle"`
	IsIncompleteDRConfig      bool                  `json:"isIncompleteDRConfig"`
	AdpEnabled                bool                  `json:"adpEnabled"`
	AutoAppProtectEnabled     bool                  `json:"autoAppProtectEnabled"`
	APIProtectionEnabled      bool                  `json:"apiProtectionEnabled"`
	FqdnDNSCheck              bool                  `json:"fqdnDnsCheck"`
	WeightedLoadBalancing     bool                  `json:"weightedLoadBalancing"`
	ExtranetEnabled           bool                  `json:"extranetEnabled"`
	PolicyStyle               string                `json:"policyStyle"`
	ReadOnly                  bool                  `json:"readOnly"`
	ZscalerManaged            bool                  `json:"zscalerManaged"`
	MicrotenantID             string                `json:"microtenantId,omitempty"`
	MicrotenantName           string                `json:"microtenantName,omitempty"`
	SegmentGroupID            string                `json:"segmentGroupId"`
	SegmentGroupName          string                `json:"segmentGroupName,omitempty"`
}

type zpaSegmentGroup struct {
	ID                  string           `json:"id"`
	ModifiedTime        string           `json:"modifiedTime"`
	CreationTime        string           `json:"creationTime"`
	ModifiedBy          string           `json:"modifiedBy"`
	Name                string           `json:"name"`
	Description         string           `json:"description,omitempty"`
	Enabled             bool             `json:"enabled"`
	Applications        []zpaApplication `json:"applications,omitempty"` // derived from the applications' segmentGroupId
	ConfigSpace         string           `json:"configSpace"`
	TCPKeepAliveEnabled string           `json:"tcpKeepAliveEnabled"`
	ReadOnly            bool             `json:"readOnly"`
	ZscalerManaged      bool             `json:"zscalerManaged"`
	MicrotenantID       string           `json:"microtenantId,omitempty"`
	MicrotenantName     string           `json:"microtenantName,omitempty"`
}

type zpaServerGroup struct {
	ModifiedTime       string                   `json:"modifiedTime"`
	CreationTime       string                   `json:"creationTime"`
	ModifiedBy         string                   `json:"modifiedBy"`
	ID                 string                   `json:"id"`
	Enabled            bool                     `json:"enabled"`
	Name               string                   `json:"name"`
	Description        string                   `json:"description,omitempty"`
	Applications       []zpaAppBrief            `json:"applications,omitempty"` // derived from the applications' serverGroups
	IPAnchored         bool                     `json:"ipAnchored"`
	ConfigSpace        string                   `json:"configSpace"`
	ExtranetEnabled    bool                     `json:"extranetEnabled"`
	ReadOnly           bool                     `json:"readOnly"`
	ZscalerManaged     bool                     `json:"zscalerManaged"`
	MicrotenantID      string                   `json:"microtenantId,omitempty"`
	MicrotenantName    string                   `json:"microtenantName,omitempty"`
	DynamicDiscovery   bool                     `json:"dynamicDiscovery"`
	AppConnectorGroups []zpaConnectorGroupBrief `json:"appConnectorGroups"`
}

type zpaConnectorVersion struct {
	VersionProfileGID  string `json:"version_profile_gid"`
	VersionProfileName string `json:"versionProfileName"`
	SargeVersion       string `json:"sargeVersion"`
	ChildVersion       string `json:"childVersion"`
	LatestPlatform     string `json:"latestPlatform"`
}

// zpaConnector is one App Connector, listed inside its group.
type zpaConnector struct {
	ID                    string `json:"id"`
	Name                  string `json:"name"`
	Enabled               bool   `json:"enabled"`
	ControlChannelStatus  string `json:"controlChannelStatus"`
	CurrentVersion        string `json:"currentVersion"`
	ExpectedVersion       string `json:"expectedVersion"`
	Platform              string `json:"platform"`
	PrivateIP             string `json:"privateIp"`
	PublicIP              string `json:"publicIp"`
	Location              string `json:"location"`
	LastBrokerConnectTime string `json:"lastBrokerConnectTime"`
	UpgradeStatus         string `json:"upgradeStatus"`
}

type zpaConnectorGroup struct {
	ID                            string                `json:"id"`
	ModifiedTime                  string                `json:"modifiedTime"`
	CreationTime                  string                `json:"creationTime"`
	ModifiedBy                    string                `json:"modifiedBy"`
	Name                          string                `json:"name"`
	Enabled                       bool                  `json:"enabled"`
	Description                   string                `json:"description,omitempty"`
	VersionProfileID              string                `json:"versionProfileId"`
	OverrideVersionProfile        bool                  `json:"overrideVersionProfile"`
	VersionProfileName            string                `json:"versionProfileName"`
	VersionProfileVisibilityScope string                `json:"versionProfileVisibilityScope"`
	UpgradeTimeInSecs             string                `json:"upgradeTimeInSecs"`
	UpgradeDay                    string                `json:"upgradeDay"`
	UpgradePriority               string                `json:"upgradePriority"`
	Location                      string                `json:"location"`
	Latitude                      string                `json:"latitude"`
	Longitude                     string                `json:"longitude"`
	DNSQueryType                  string                `json:"dnsQueryType"`
	CityCountry                   string                `json:"cityCountry"`
	CountryCode                   string                `json:"countryCode"`
	TCPQuickAckApp                bool                  `json:"tcpQuickAckApp"`
	TCPQuickAckAssistant          bool                  `json:"tcpQuickAckAssistant"`
	TCPQuickAckReadAssistant      bool                  `json:"tcpQuickAckReadAssistant"`
	PraEnabled                    bool                  `json:"praEnabled"`
	UseInDrMode                   bool                  `json:"useInDrMode"`
	ConnectorGroupType            string                `json:"connectorGroupType"`
	WafDisabled                   bool                  `json:"wafDisabled"`
	Version                       *zpaConnectorVersion  `json:"version,omitempty"`
	Connectors                    []zpaConnector        `json:"connectors,omitempty"`
	ServerGroups                  []zpaServerGroupBrief `json:"serverGroups,omitempty"` // derived from the server groups
	ReadOnly                      bool                  `json:"readOnly"`
	ZscalerManaged                bool                  `json:"zscalerManaged"`
	MicrotenantID                 string                `json:"microtenantId,omitempty"`
	MicrotenantName               string                `json:"microtenantName,omitempty"`
	LssAppConnectorGroup          bool                  `json:"lssAppConnectorGroup"`
}

func (g zpaConnectorGroup) brief() zpaConnectorGroupBrief {
	return zpaConnectorGroupBrief{
		ID: g.ID, ModifiedTime: g.ModifiedTime, CreationTime: g.CreationTime, ModifiedBy: g.ModifiedBy,
		Name: g.Name, Enabled: g.Enabled, Description: g.Description, VersionProfileID: g.VersionProfileID,
		OverrideVersionProfile: g.OverrideVersionProfile, Location: g.Location, DNSQueryType: g.DNSQueryType,
		CityCountry: g.CityCountry, CountryCode: g.CountryCode, TCPQuickAckApp: g.TCPQuickAckApp,
		TCPQuickAckAssistant: g.TCPQuickAckAssistant, TCPQuickAckReadAssistant: g.TCPQuickAckReadAssistant,
		PraEnabled: g.PraEnabled, UseInDrMode: g.UseInDrMode, ConnectorGroupType: g.ConnectorGroupType,
		WafDisabled: g.WafDisabled, LssAppConnectorGroup: g.LssAppConnectorGroup,
	}
}

func (g zpaServerGroup) brief() zpaServerGroupBrief {
	return zpaServerGroupBrief{
		ID: g.ID, ModifiedTime: g.ModifiedTime, CreationTime: g.CreationTime, ModifiedBy: g.ModifiedBy,
		Name: g.Name, Enabled: g.Enabled, Description: g.Description, ConfigSpace: g.ConfigSpace, Weight: "0",
		ExtranetEnabled: g.ExtranetEnabled, DynamicDiscovery: g.DynamicDiscovery,
	}
}
