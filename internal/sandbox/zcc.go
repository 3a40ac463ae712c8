package sandbox

import (
	"net/http"
	"strconv"
	"strings"
	"time"
)

// ZCC (Client Connector) answers bare arrays, pretty-printed the Jackson way
// ("key" : value), with mixed camelCase and snake_case keys, pages with page
// and pageSize, and has a tight 100-calls-per-hour quota. Its 404 is the
// text "404 Not Found" labelled application/json, and a bad parameter is a
// 400 with no body (both recorded).
var zcc = &service{
	name:        "zcc",
	prd:         "ZCC",
	root:        "/zcc/",
	prefix:      "/zcc/papi/public/v1",
	contentType: "application/json;charset=UTF-8",
	jackson:     true,
	rateLimit:   100,
	rateWindow:  time.Hour,
	rateHeader:  "100, 100;w=3600, 100;w=3600",
	notFound:    plainNotFound("application/json"),
	fault: func(status int, _ string) reply {
		switch status {
		case http.StatusNotFound:
			return plainNotFound("application/json")()
		case http.StatusBadRequest:
			return reply{status: status}
		}
		return jsonReply(status, map[string]string{"errorMessage": http.StatusText(status)})
	},
	retryAfter: func(status int) string {
		if status == http.StatusTooManyRequests {
			return "1"
		}
		return ""
	},
}

type zccDevice struct {
	CompanyName             string  `json:"companyName"`
	Type                    int     `json:"type"`
	State                   int     `json:"state"`
	UDID                    string  `json:"udid"`
	MacAddress              string  `json:"macAddress"`
	User                    string  `json:"user"`
	Detail                  string  `json:"detail"`
	PolicyName              string  `json:"policyName"`
	LastSeenTime            string  `json:"last_seen_time"`
	OSVersion               string  `json:"osVersion"`
	AgentVersion            string  `json:"agentVersion"`
	RegistrationState       string  `json:"registrationState"`
	Owner                   string  `json:"owner"`
	MachineHostname         string  `json:"machineHostname"`
	Manufacturer            string  `json:"manufacturer"`
	DownloadCount           int     `json:"download_count"`
	RegistrationTime        string  `json:"registration_time"`
	DeregistrationTimestamp string  `json:"deregistrationTimestamp"`
	ConfigDownloadTime      string  `json:"config_download_time"`
	KeepAliveTime           string  `json:"keepAliveTime"`
	HardwareFingerprint     string  `json:"hardwareFingerprint"`
	TunnelVersion           *string `json:"tunnelVersion"` // null on old agents, as recorded
	VPNState                int     `json:"vpnState"`
	UPMVersion              string  `json:"upmVersion"`
	ZappArch                *string `json:"zappArch"`
}

type zccState struct {
	devices *Collection[zccDevice]
}

const (
	zccDefaultPageSize = 50
	zccMaxPageSize     = 5000
)

func (t *Tenant) registerZCC() {
	t.addService(zcc)
	t.snapshot(zcc.prefix+"/getDevices", func(s *state) []any { return toAny(s.zcc.devices.All()) })
	t.handle(zcc, "GET /getDevices", listZCCDevices)
}

func listZCCDevices(c *call) reply {
	badRequest := reply{status: http.StatusBadRequest}
	intParam := func(name string, def int) (int, bool) {
		raw := c.q(name)
		if raw == "" {
			return def, true
		}
		n, err := strconv.Atoi(raw)
		return n, err == nil
	}
	page, ok1 := intParam("page", 1)
	size, ok2 := intParam("pageSize", zccDefaultPageSize)
	osType, ok3 := intParam("osType", 0)
	if !ok1 || !ok2 || !ok3 || osType < 0 || osType > osLinux {
		return badRequest
	}
	page, size = max(page, 1), min(max(size, 1), zccMaxPageSize)
	user := c.q("username")
	items := c.s.zcc.devices.Filter(func(d *zccDevice) bool {
		return (osType == 0 || d.Type == osType) && (user == "" || strings.EqualFold(d.User, user))
	})
	return jsonReply(http.StatusOK, nonNil(pageOf(items, page, size)))
}
