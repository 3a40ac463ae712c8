package sandbox

// ZIA record types, in the field order and with the field names of the real
// API. Slices without omitempty are always present on the wire (as [] when
// empty), the way ZIA sends them; seeds must not leave them nil.

type ziaUser struct {
	ID                  int      `json:"id"`
	Name                string   `json:"name"`
	Email               string   `json:"email"`
	Groups              []ziaRef `json:"groups"`
	Department          *ziaRef  `json:"department,omitempty"`
	Comments            string   `json:"comments,omitempty"`
	AdminUser           bool     `json:"adminUser"`
	IsNonEditable       bool     `json:"isNonEditable"`
	PwdLastModifiedTime int64    `json:"pwdLastModifiedTime"`
	Deleted             bool     `json:"deleted"`
	PilotUser           bool     `json:"pilotUser"`
}

type ziaGroup struct {
	ID       int    `json:"id"`
	Name     string `json:"name"`
	Comments string `json:"comments,omitempty"`
}

type ziaDepartment struct {
	ID       int    `json:"id"`
	Name     string `json:"name"`
	Comments string `json:"comments,omitempty"`
}

type ziaVPNCredential struct {
	ID        int    `json:"id"`
	Type      string `json:"type"`
	FQDN      string `json:"fqdn,omitempty"`
	IPAddress string `json:"ipAddress,omitempty"`
	Comments  string `json:"comments,omitempty"`
}

type ziaLocation struct {
	ID                                  int                `json:"id"`
	Name                                string             `json:"name"`
	NonEditable                         bool               `json:"nonEditable"`
	ParentID                            int                `json:"parentId"`
	UpBandwidth                         int                `json:"upBandwidth"`
	DnBandwidth                         int                `json:"dnBandwidth"`
	Country                             string             `json:"country"`
	State                               string             `json:"state,omitempty"`
	Language                            string             `json:"language"`
	TZ                                  string             `json:"tz"`
	GeoOverride                         bool               `json:"geoOverride"`
	Latitude                            float64            `json:"latitude"`
	Longitude                           float64            `json:"longitude"`
	IPAddresses                         []string           `json:"ipAddresses,omitempty"`
	Ports                               []int              `json:"ports,omitempty"`
	VPNCredentials                      []ziaVPNCredential `json:"vpnCredentials,omitempty"`
	AuthRequired                        bool               `json:"authRequired"`
	SSLScanEnabled                      bool               `json:"sslScanEnabled"`
	ZappSSLScanEnabled                  bool               `json:"zappSslScanEnabled"`
	XffForwardEnabled                   bool               `json:"xffForwardEnabled"`
	OtherSubLocation                    bool               `json:"otherSubLocation"`
	ECLocation                          bool               `json:"ecLocation"`
	BCLocation                          bool               `json:"bcLocation"`
	CCLocation                          bool               `json:"ccLocation"`
	SurrogateIP                         bool               `json:"surrogateIP"`
	CookiesAndProxy                     bool               `json:"cookiesAndProxy"`
	IdleTimeInMinutes                   int                `json:"idleTimeInMinutes"`
	DisplayTimeUnit                     string             `json:"displayTimeUnit,omitempty"`
	SurrogateIPEnforcedForKnownBrowsers bool               `json:"surrogateIPEnforcedForKnownBrowsers"`
	SurrogateRefreshTimeInMinutes       int                `json:"surrogateRefreshTimeInMinutes"`
	KerberosAuth                        bool               `json:"kerberosAuth"`
	JWTAuth                             bool               `json:"jwtAuth"`
	DigestAuthEnabled                   bool               `json:"digestAuthEnabled"`
	OFWEnabled                          bool               `json:"ofwEnabled"`
	IPSControl                          bool               `json:"ipsControl"`
	AUPEnabled                          bool               `json:"aupEnabled"`
	CautionEnabled                      bool               `json:"cautionEnabled"`
	AUPBlockInternetUntilAccepted       bool               `json:"aupBlockInternetUntilAccepted"`
	AUPForceSSLInspection               bool               `json:"aupForceSslInspection"`
	IotDiscoveryEnabled                 bool               `json:"iotDiscoveryEnabled"`
	IotEnforcePolicySet                 bool               `json:"iotEnforcePolicySet"`
	AUPTimeoutInDays                    int                `json:"aupTimeoutInDays"`
	ChildCount                          int                `json:"childCount"`
	MatchInChild                        bool               `json:"matchInChild"`
	StaticLocationGroups                []ziaRef           `json:"staticLocationGroups"`
	DynamicLocationGroups               []ziaRef           `json:"dynamiclocationGroups"` // sic: ZIA spells it with a lowercase l
	ExcludeFromDynamicGroups            bool               `json:"excludeFromDynamicGroups"`
	ExcludeFromManualGroups             bool               `json:"excludeFromManualGroups"`
	Extranet                            ziaRef             `json:"extranet"`
	ExtranetIPPool                      ziaRef             `json:"extranetIpPool"`
	ExtranetDNS                         ziaRef             `json:"extranetDns"`
	DefaultExtranetTsPool               bool               `json:"defaultExtranetTsPool"`
	DefaultExtranetDNS                  bool               `json:"defaultExtranetDns"`
	Profile                             string             `json:"profile"`
	Description                         string             `json:"description,omitempty"`
}

type ziaSSLDecryptSubActions struct {
	ServerCertificates              string `json:"serverCertificates"`
	OCSPCheck                       bool   `json:"ocspCheck"`
	BlockSSLTrafficWithNoSNIEnabled bool   `json:"blockSslTrafficWithNoSniEnabled"`
	MinClientTLSVersion             string `json:"minClientTLSVersion"`
	MinServerTLSVersion             string `json:"minServerTLSVersion"`
	BlockUndecrypt                  bool   `json:"blockUndecrypt"`
	HTTP2Enabled                    bool   `json:"http2Enabled"`
}

type ziaSSLDoNotDecryptSubActions struct {
	BypassOtherPolicies             bool   `json:"bypassOtherPolicies"`
	ServerCertificates              string `json:"serverCertificates,omitempty"`
	OCSPCheck                       bool   `json:"ocspCheck"`
	MinTLSVersion                   string `json:"minTLSVersion,omitempty"`
	BlockSSLTrafficWithNoSNIEnabled bool   `json:"blockSslTrafficWithNoSniEnabled"`
}

type ziaSSLAction struct {
	Type                       string                        `json:"type"`
	DecryptSubActions          *ziaSSLDecryptSubActions      `json:"decryptSubActions,omitempty"`
	DoNotDecryptSubActions     *ziaSSLDoNotDecryptSubActions `json:"doNotDecryptSubActions,omitempty"`
	ShowEUN                    bool                          `json:"showEUN"`
	ShowEUNATP                 bool                          `json:"showEUNATP"`
	OverrideDefaultCertificate bool                          `json:"overrideDefaultCertificate"`
}

type ziaSSLRule struct {
	ID                        int          `json:"id"`
	AccessControl             string       `json:"accessControl"`
	Name                      string       `json:"name"`
	Order                     int          `json:"order"`
	Rank                      int          `json:"rank"`
	Locations                 []ziaRef     `json:"locations,omitempty"`
	Departments               []ziaRef     `json:"departments,omitempty"`
	Groups                    []ziaRef     `json:"groups,omitempty"`
	Labels                    []ziaRef     `json:"labels,omitempty"`
	EndPointApplications      []ziaRef     `json:"endPointApplications"`
	EndPointApplicationGroups []ziaRef     `json:"endPointApplicationGroups"`
	RoadWarriorForKerberos    bool         `json:"roadWarriorForKerberos"`
	URLCategories             []string     `json:"urlCategories,omitempty"`
	Platforms                 []string     `json:"platforms,omitempty"`
	Action                    ziaSSLAction `json:"action"`
	State                     string       `json:"state"`
	Description               string       `json:"description,omitempty"`
	LastModifiedTime          int64        `json:"lastModifiedTime"`
	LastModifiedBy            *ziaRef      `json:"lastModifiedBy,omitempty"`
	Predefined                bool         `json:"predefined"`
	DefaultRule               bool         `json:"defaultRule"`
}

type ziaFirewallRule struct {
	AccessControl                string   `json:"accessControl"`
	EnableFullLogging            bool     `json:"enableFullLogging"`
	ID                           int      `json:"id"`
	Name                         string   `json:"name"`
	Order                        int      `json:"order"`
	Rank                         int      `json:"rank"`
	Locations                    []ziaRef `json:"locations,omitempty"`
	Departments                  []ziaRef `json:"departments,omitempty"`
	Groups                       []ziaRef `json:"groups,omitempty"`
	Users                        []ziaRef `json:"users,omitempty"`
	Action                       string   `json:"action"`
	CapturePCAP                  bool     `json:"capturePCAP"`
	State                        string   `json:"state"`
	Description                  string   `json:"description,omitempty"`
	LastModifiedTime             int64    `json:"lastModifiedTime"`
	LastModifiedBy               *ziaRef  `json:"lastModifiedBy,omitempty"`
	SrcIps                       []string `json:"srcIps,omitempty"`
	DestAddresses                []string `json:"destAddresses,omitempty"`
	DestIPCategories             []string `json:"destIpCategories"`
	DestCountries                []string `json:"destCountries"`
	SourceCountries              []string `json:"sourceCountries,omitempty"`
	ExcludeSrcCountries          bool     `json:"excludeSrcCountries"`
	ExcludeContextShieldEndPoint bool     `json:"excludeContextShieldEndPoint"`
	NwServices                   []ziaRef `json:"nwServices,omitempty"`
	AppServiceGroups             []ziaRef `json:"appServiceGroups,omitempty"`
	Labels                       []ziaRef `json:"labels,omitempty"`
	EndPointApplications         []ziaRef `json:"endPointApplications"`
	EndPointApplicationGroups    []ziaRef `json:"endPointApplicationGroups"`
	DeviceTrustLevels            []string `json:"deviceTrustLevels,omitempty"`
	IsEunEnabled                 bool     `json:"isEunEnabled"`
	EunTemplateID                int      `json:"eunTemplateId"`
	Predefined                   bool     `json:"predefined,omitempty"` // ZIA only sends it on predefined rules
	DefaultRule                  bool     `json:"defaultRule"`
}

type ziaRuleLabel struct {
	ID                  int     `json:"id"`
	Name                string  `json:"name"`
	Description         string  `json:"description,omitempty"`
	LastModifiedTime    int64   `json:"lastModifiedTime"`
	LastModifiedBy      *ziaRef `json:"lastModifiedBy,omitempty"`
	CreatedBy           *ziaRef `json:"createdBy,omitempty"`
	ReferencedRuleCount int     `json:"referencedRuleCount"`
}

type ziaURLCategory struct {
	ID                                   string   `json:"id"`
	ConfiguredName                       string   `json:"configuredName,omitempty"`
	SuperCategory                        string   `json:"superCategory"`
	Keywords                             []string `json:"keywords"`
	KeywordsRetainingParentCategory      []string `json:"keywordsRetainingParentCategory"`
	Urls                                 []string `json:"urls"`
	DBCategorizedUrls                    []string `json:"dbCategorizedUrls"`
	IPRanges                             []string `json:"ipRanges"`
	IPRangesRetainingParentCategory      []string `json:"ipRangesRetainingParentCategory"`
	CustomCategory                       bool     `json:"customCategory"`
	Editable                             bool     `json:"editable"`
	Description                          string   `json:"description,omitempty"`
	Type                                 string   `json:"type"`
	Val                                  int      `json:"val"`
	CustomUrlsCount                      int      `json:"customUrlsCount"`
	UrlsRetainingParentCategoryCount     int      `json:"urlsRetainingParentCategoryCount"`
	CustomIPRangesCount                  int      `json:"customIpRangesCount"`
	IPRangesRetainingParentCategoryCount int      `json:"ipRangesRetainingParentCategoryCount"`
}
