package sandbox

import "fmt"

// ZDX seed: 8 monitored applications and 60 devices, one laptop each for
// the first 60 ZIA users. Device locations and departments are the ZIA ids,
// as in a real tenant, so ZDX filters take ids found through ZIA.

const (
	zdxDeviceBaseID = 150300101
	zdxDeviceCount  = 60
)

// zdxGeos are the geo hierarchies of the office locations, by ZIA
// location index.
var zdxGeos = []zdxRegion{
	{ID: "US-WA-SEATTLE", City: "Seattle", Region: "Washington", Country: "United States", GeoType: "CITY"},
	{ID: "US-OR-PORTLAND", City: "Portland", Region: "Oregon", Country: "United States", GeoType: "CITY"},
	{ID: "US-TX-AUSTIN", City: "Austin", Region: "Texas", Country: "United States", GeoType: "CITY"},
	{ID: "US-NY-NEWYORK", City: "New York", Region: "New York", Country: "United States", GeoType: "CITY"},
	{ID: "CA-ON-TORONTO", City: "Toronto", Region: "Ontario", Country: "Canada", GeoType: "CITY"},
	{ID: "GB-ENG-LONDON", City: "London", Region: "England", Country: "United Kingdom", GeoType: "CITY"},
	{ID: "DE-BE-BERLIN", City: "Berlin", Region: "Berlin", Country: "Germany", GeoType: "CITY"},
	{ID: "SG-SG-SINGAPORE", City: "Singapore", Region: "Singapore", Country: "Singapore", GeoType: "CITY"},
}

var zdxAppSeeds = []struct {
	name     string
	score    float64
	impacted int // index into zdxGeos
}{
	{"Northwind Portal", 91.5, 0},
	{"Corporate Email", 88.0, 5},
	{"Video Meetings", 72.4, 7},
	{"Source Code Repository", 84.2, 6},
	{"ERP Finance", 79.8, 3},
	{"Intranet Wiki", 93.1, 2},
	{"File Sharing", 66.5, 4},
	{"CRM", 81.0, 5},
}

// usesApp decides, deterministically, which monitored apps a person uses.
func usesApp(p person, i, app int) bool {
	switch app {
	case 1, 2, 3: // portal, mail and meetings: everyone
		return true
	case 4:
		return p.dept == ziaDeptEngineering || p.dept == ziaDeptResearch
	case 5:
		return p.dept == ziaDeptFinance
	case 6:
		return i%10 < 7
	case 7:
		return i%2 == 0
	case 8:
		return p.dept == ziaDeptSales || p.dept == ziaDeptCustomerSuccess || p.dept == ziaDeptMarketing
	}
	return false
}

func seedZDX(o *org, z *ziaState) *zdxState {
	s := &zdxState{
		apps:    newCollection(func(a *zdxApp) string { return intKey(a.ID) }),
		devices: newCollection(func(d *zdxDevice) string { return intKey(d.ID) }),
	}
	for i, a := range zdxAppSeeds {
		region := zdxGeos[a.impacted]
		s.apps.Insert(zdxApp{ID: i + 1, Name: a.name, Score: a.score, MostImpactedRegion: &region})
	}
	users := z.users.All()
	for i, p := range o.people[:zdxDeviceCount] {
		d := zdxDevice{
			ID: zdxDeviceBaseID + i, Name: p.laptopHost, UserID: users[i].ID, Email: p.email,
			locationID: ziaLocBaseID + p.location, departmentID: ziaDeptBaseID + p.dept, geo: zdxGeos[p.location].ID,
		}
		for app := 1; app <= len(zdxAppSeeds); app++ {
			if usesApp(p, i, app) {
				d.apps = append(d.apps, app)
			}
		}
		d.detail = zdxDetail(d, p, i)
		s.devices.Insert(d)
	}
	return s
}

func zdxDetail(d zdxDevice, p person, i int) zdxDeviceDetail {
	hw := zdxHardware{
		HWType: "Laptop", HWSerial: fmt.Sprintf("NWL%07d", 4200000+i*37),
		TotMem: 16 << (i % 2), GPU: "Integrated Graphics", DiskSize: 512 << (i % 2), DiskModel: "NVMe SSD",
		DiskType: "SSD", LogicalProc: 16, NumCores: 8, SpeedGHz: 3.2,
	}
	sw := zdxSoftware{Hostname: p.laptopHost, NetBIOS: p.laptopHost, User: p.email, ClientConnVer: "4.5.2.73", ZDXVer: "4.5.2.73"}
	switch p.laptopOS {
	case osMacOS:
		hw.HWMfg, hw.CPUMfg, hw.CPUModel = "Apple", "Apple", "Apple Silicon"
		sw.OSName, sw.OSVer = "macOS", "15.3.1"
	case osLinux:
		hw.HWMfg, hw.CPUMfg, hw.CPUModel = "Fabrikam", "Fabrikam Semiconductors", "FX-7 8-Core"
		sw.OSName, sw.OSVer = "Ubuntu 24.04 LTS", "24.04"
	default:
		hw.HWMfg, hw.CPUMfg, hw.CPUModel = "Contoso", "Fabrikam Semiconductors", "FX-7 8-Core"
		sw.OSName, sw.OSVer = "Microsoft Windows 11 Enterprise", "10.0.26100"
	}
	hw.HWModel = p.laptopModel
	if hw.HWMfg != "Apple" {
		hw.HWModel = hw.HWMfg + " " + p.laptopModel
	}
	subnet := 20 + p.location
	net := zdxNetwork{
		NetType: "WiFi", Status: "Connected", IPv4: fmt.Sprintf("10.%d.%d.%d", subnet, 8+i/200, 20+i%200),
		DNSSrvs: "10.10.0.53, 10.10.1.53", DNSSuffix: "corp." + Domain, Gateway: fmt.Sprintf("10.%d.8.1", subnet),
		MAC: p.laptopMAC, SSID: "NWL-Corp",
	}
	if i%3 == 0 {
		net.NetType, net.SSID = "Ethernet", ""
	}
	return zdxDeviceDetail{ID: d.ID, Name: d.Name, Hardware: hw, Network: []zdxNetwork{net}, Software: sw}
}
