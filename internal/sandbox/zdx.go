package sandbox

import (
	"encoding/base64"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"
)

// ZDX speaks compact snake_case JSON. Lists are bare arrays (/apps) or
// resource-keyed cursor envelopes ({"devices":[…],"next_offset":"…"}, the
// cursor absent on the last page). There are no recordings of real ZDX
// traffic; shapes follow the SDK models and the error body is a guess.
var zdx = &service{
	name:        "zdx",
	prd:         "ZDX",
	root:        "/zdx/",
	prefix:      "/zdx/v1",
	contentType: "application/json",
	rateLimit:   3000,
	rateWindow:  time.Hour,
	rateHeader:  "3000, 3000;w=3600",
	notFound:    plainNotFound("text/plain; charset=utf-8"),
	fault: func(status int, _ string) reply {
		return zdxError(status, http.StatusText(status))
	},
	retryAfter: func(status int) string {
		if status == http.StatusTooManyRequests {
			return "1"
		}
		return ""
	},
}

type zdxErr struct {
	Error   string `json:"error"`
	Message string `json:"message"`
}

func zdxError(status int, msg string) reply {
	return jsonReply(status, zdxErr{Error: strings.ToLower(strings.ReplaceAll(http.StatusText(status), " ", "_")), Message: msg})
}

type zdxRegion struct {
	ID      string `json:"id"`
	City    string `json:"city,omitempty"`
	Region  string `json:"region,omitempty"`
	Country string `json:"country,omitempty"`
	GeoType string `json:"geo_type"`
}

type zdxApp struct {
	ID                 int        `json:"id"`
	Name               string     `json:"name"`
	Score              float64    `json:"score"`
	MostImpactedRegion *zdxRegion `json:"most_impacted_region,omitempty"`
	TotalUsers         int        `json:"total_users"`
}

// zdxDevice is a device as /devices lists it; the unexported fields carry
// what the filters need and never reach the wire.
type zdxDevice struct {
	ID     int    `json:"id"`
	Name   string `json:"name"`
	UserID int    `json:"userid"`
	Email  string `json:"email"`

	locationID, departmentID int
	geo                      string // city-level geo id; filters match any prefix
	apps                     []int
	detail                   zdxDeviceDetail
}

type zdxHardware struct {
	HWModel     string  `json:"hw_model"`
	HWMfg       string  `json:"hw_mfg"`
	HWType      string  `json:"hw_type"`
	HWSerial    string  `json:"hw_serial"`
	TotMem      int     `json:"tot_mem"`
	GPU         string  `json:"gpu"`
	DiskSize    int     `json:"disk_size"`
	DiskModel   string  `json:"disk_model"`
	DiskType    string  `json:"disk_type"`
	CPUMfg      string  `json:"cpu_mfg"`
	CPUModel    string  `json:"cpu_model"`
	SpeedGHz    float64 `json:"speed_ghz"`
	LogicalProc int     `json:"logical_proc"`
	NumCores    int     `json:"num_cores"`
}

type zdxNetwork struct {
	NetType   string `json:"net_type"`
	Status    string `json:"status"`
	IPv4      string `json:"ipv4"`
	IPv6      string `json:"ipv6,omitempty"`
	DNSSrvs   string `json:"dns_srvs"`
	DNSSuffix string `json:"dns_suffix"`
	Gateway   string `json:"gateway"`
	MAC       string `json:"mac"`
	GUID      string `json:"guid,omitempty"`
	SSID      string `json:"ssid,omitempty"`
}

type zdxSoftware struct {
	OSName        string `json:"os_name"`
	OSVer         string `json:"os_ver"`
	Hostname      string `json:"hostname"`
	NetBIOS       string `json:"netbios"`
	User          string `json:"user"`
	ClientConnVer string `json:"client_conn_ver"`
	ZDXVer        string `json:"zdx_ver"`
}

type zdxDeviceDetail struct {
	ID       int          `json:"id"`
	Name     string       `json:"name"`
	Hardware zdxHardware  `json:"hardware"`
	Network  []zdxNetwork `json:"network"`
	Software zdxSoftware  `json:"software"`
}

type zdxState struct {
	apps    *Collection[zdxApp]
	devices *Collection[zdxDevice]
}

const (
	zdxDefaultLimit = 50
	zdxMaxLimit     = 1000
)

func (t *Tenant) registerZDX() {
	t.addService(zdx)
	t.snapshot(zdx.prefix+"/apps", func(s *state) []any { return toAny(s.zdx.apps.All()) })
	t.snapshot(zdx.prefix+"/devices", func(s *state) []any { return toAny(s.zdx.devices.All()) })
	t.handle(zdx, "GET /apps", listZDXApps)
	t.handle(zdx, "GET /devices", listZDXDevices)
	t.handle(zdx, "GET /devices/{id}", func(c *call) reply {
		if rep := checkZDXWindow(c); rep != nil {
			return *rep
		}
		d, ok := c.s.zdx.devices.Get(c.id())
		if !ok {
			return zdxError(http.StatusNotFound, "Device "+c.id()+" not found")
		}
		return jsonReply(http.StatusOK, d.detail)
	})
}

// zdxFilter holds the common report filters: loc and dept are repeatable
// ids, geo a repeatable geo id (country, region or city).
type zdxFilter struct {
	locs, depts []int
	geos        []string
}

// multi reads a parameter that may repeat or be comma-separated.
func multi(c *call, name string) []string {
	var out []string
	for _, v := range c.query[name] {
		for _, part := range strings.Split(v, ",") {
			if part = strings.TrimSpace(part); part != "" {
				out = append(out, part)
			}
		}
	}
	return out
}

func multiInt(c *call, name string) ([]int, *reply) {
	var out []int
	for _, v := range multi(c, name) {
		n, err := strconv.Atoi(v)
		if err != nil {
			rep := zdxError(http.StatusBadRequest, "Invalid value for "+name+": "+v)
			return nil, &rep
		}
		out = append(out, n)
	}
	return out, nil
}

// checkZDXWindow validates from/to (epoch seconds); the window itself does
// not change the seeded numbers.
func checkZDXWindow(c *call) *reply {
	var from, to int64
	for _, p := range []struct {
		name string
		dst  *int64
	}{{"from", &from}, {"to", &to}} {
		if raw := c.q(p.name); raw != "" {
			n, err := strconv.ParseInt(raw, 10, 64)
			if err != nil || n < 0 {
				rep := zdxError(http.StatusBadRequest, "Invalid value for "+p.name+": "+raw)
				return &rep
			}
			*p.dst = n
		}
	}
	if from != 0 && to != 0 && from >= to {
		rep := zdxError(http.StatusBadRequest, "from must be earlier than to")
		return &rep
	}
	return nil
}

func parseZDXFilter(c *call) (zdxFilter, *reply) {
	if rep := checkZDXWindow(c); rep != nil {
		return zdxFilter{}, rep
	}
	locs, rep := multiInt(c, "loc")
	if rep != nil {
		return zdxFilter{}, rep
	}
	depts, rep := multiInt(c, "dept")
	if rep != nil {
		return zdxFilter{}, rep
	}
	return zdxFilter{locs: locs, depts: depts, geos: multi(c, "geo")}, nil
}

func (f zdxFilter) matches(d *zdxDevice) bool {
	if len(f.locs) > 0 && !slices.Contains(f.locs, d.locationID) {
		return false
	}
	if len(f.depts) > 0 && !slices.Contains(f.depts, d.departmentID) {
		return false
	}
	if len(f.geos) > 0 && !slices.ContainsFunc(f.geos, func(g string) bool { return strings.HasPrefix(d.geo, strings.ToUpper(g)) }) {
		return false
	}
	return true
}

// listZDXApps counts each app's users among the devices the filters keep,
// so narrowing by location or department changes total_users consistently.
func listZDXApps(c *call) reply {
	f, rep := parseZDXFilter(c)
	if rep != nil {
		return *rep
	}
	devices := c.s.zdx.devices.Filter(f.matches)
	out := []zdxApp{}
	for _, a := range c.s.zdx.apps.All() {
		users := map[int]bool{}
		for _, d := range devices {
			if slices.Contains(d.apps, a.ID) {
				users[d.UserID] = true
			}
		}
		a.TotalUsers = len(users)
		out = append(out, a)
	}
	return jsonReply(http.StatusOK, out)
}

type zdxDevicePage struct {
	Devices    []zdxDevice `json:"devices"`
	NextOffset string      `json:"next_offset,omitempty"`
}

func listZDXDevices(c *call) reply {
	f, rep := parseZDXFilter(c)
	if rep != nil {
		return *rep
	}
	limit := zdxDefaultLimit
	if raw := c.q("limit"); raw != "" {
		n, err := strconv.Atoi(raw)
		if err != nil || n < 1 {
			return zdxError(http.StatusBadRequest, "Invalid value for limit: "+raw)
		}
		limit = min(n, zdxMaxLimit)
	}
	start := 0
	if raw := c.q("offset"); raw != "" {
		n, ok := decodeCursor(raw)
		if !ok {
			return zdxError(http.StatusBadRequest, "Invalid offset: "+raw)
		}
		start = n
	}
	userIDs, rep := multiInt(c, "userids")
	if rep != nil {
		return *rep
	}
	emails := multi(c, "emails")
	q := c.q("q")
	devices := c.s.zdx.devices.Filter(func(d *zdxDevice) bool {
		return f.matches(d) &&
			(len(userIDs) == 0 || slices.Contains(userIDs, d.UserID)) &&
			(len(emails) == 0 || slices.ContainsFunc(emails, func(e string) bool { return strings.EqualFold(e, d.Email) })) &&
			(q == "" || containsFold(d.Email, q) || containsFold(d.Name, q))
	})
	page := zdxDevicePage{Devices: []zdxDevice{}}
	if start < len(devices) {
		end := min(start+limit, len(devices))
		page.Devices = devices[start:end]
		if end < len(devices) {
			page.NextOffset = encodeCursor(end)
		}
	}
	return jsonReply(http.StatusOK, page)
}

// The cursor is opaque to clients, as ZDX's is; it encodes a list position.
func encodeCursor(n int) string {
	return base64.RawURLEncoding.EncodeToString([]byte("nwl:" + strconv.Itoa(n)))
}

func decodeCursor(s string) (int, bool) {
	raw, err := base64.RawURLEncoding.DecodeString(s)
	if err != nil {
		return 0, false
	}
	rest, ok := strings.CutPrefix(string(raw), "nwl:")
	if !ok {
		return 0, false
	}
	n, err := strconv.Atoi(rest)
	return n, err == nil && n >= 0
}
