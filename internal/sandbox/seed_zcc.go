package sandbox

import (
	"fmt"
	"strconv"
	"strings"
)

// ZCC seed: 40 enrolled devices — the laptops of the first 34 ZIA users
// (hostnames match their ZDX devices) and the phones of the first 6.

const zccLaptops = 34

// Registration states and their numeric state codes as ZCC reports them.
var zccStates = []struct {
	code  int
	label string
}{
	{1, "Registered"}, {2, "Unregistered"}, {3, "Remove pending"}, {6, "Quarantined"},
}

func seedZCC(o *org) *zccState {
	r := rng(0x5a43_4344) // "ZCCD"
	s := &zccState{devices: newCollection(func(d *zccDevice) string { return d.UDID })}
	str := func(v string) *string { return &v }
	for i, p := range o.people[:zccLaptops] {
		seen := seedEpoch + int64(86400*(i%9)) + int64(60*i)
		regState := zccStates[0]
		switch {
		case i == 17:
			regState = zccStates[2]
		case i == 29:
			regState = zccStates[3]
		case i%11 == 5:
			regState = zccStates[1]
		}
		d := zccDevice{
			CompanyName: CompanyName, Type: p.laptopOS, State: regState.code, RegistrationState: regState.label,
			MacAddress: strings.ToUpper(p.laptopMAC), User: p.email, PolicyName: "Northwind Default",
			LastSeenTime: unixStr(seen), Owner: strings.ToLower(p.first[:1] + p.last),
			MachineHostname: p.laptopHost, DownloadCount: 1 + i%5,
			RegistrationTime:        unixStr(seedEpoch - int64(86400*(30+i))),
			DeregistrationTimestamp: "0",
			ConfigDownloadTime:      unixStr(seen - 3600),
			KeepAliveTime:           unixStr(seen),
			HardwareFingerprint:     strings.ToLower(r.hex(40)),
			TunnelVersion:           str("20:1"),
			UPMVersion:              "4.5.0.33 (64-bit)",
		}
		if p.dept == ziaDeptEngineering {
			d.PolicyName = "Engineering Z-Tunnel 2.0"
		}
		if regState.code != 1 {
			d.DeregistrationTimestamp = unixStr(seen + 1800)
		}
		switch p.laptopOS {
		case osWindows:
			d.UDID = r.hex(10) + ":" + r.hex(40)
			d.Detail, d.Manufacturer = "Contoso "+p.laptopModel, "Contoso"
			d.OSVersion, d.AgentVersion, d.ZappArch = "Microsoft Windows 11 Enterprise;64 bit;amd64", "4.7.0.88 (64-bit)", str("x64")
		case osMacOS:
			d.UDID = uuidLike(&r) + ":501"
			d.Detail, d.Manufacturer = "Apple "+p.laptopModel, "Apple"
			d.OSVersion, d.AgentVersion = "Version 15.3.1 (Build 24D70) ;arm", "4.5.2.73"
			d.UPMVersion = "4.4.1.12"
		default:
			d.UDID = uuidLike(&r) + ":" + r.hex(40)
			d.Detail, d.Manufacturer = "Fabrikam "+p.laptopModel, "Fabrikam"
			d.OSVersion, d.AgentVersion, d.ZappArch = "Ubuntu 24.04 LTS;x86_64", "3.9.0.156", str("x64")
			d.TunnelVersion = nil // the Linux agent does not report it
		}
		s.devices.Insert(d)
	}
	for i, p := range o.people {
		if p.phoneOS == 0 {
			continue
		}
		seen := seedEpoch + int64(3600*(i+2))
		d := zccDevice{
			CompanyName: CompanyName, Type: p.phoneOS, State: 1, RegistrationState: "Registered",
			UDID: uuidLike(&r), MacAddress: "", User: p.email, PolicyName: "Mobile Default",
			LastSeenTime: unixStr(seen), Owner: p.email, DownloadCount: 2,
			RegistrationTime: unixStr(seedEpoch - int64(86400*(60+i))), DeregistrationTimestamp: "0",
			ConfigDownloadTime: unixStr(seen - 600), KeepAliveTime: unixStr(seen),
			HardwareFingerprint: strings.ToLower(r.hex(40)), UPMVersion: "",
		}
		if p.phoneOS == osIOS {
			d.Detail, d.Manufacturer, d.OSVersion, d.AgentVersion = "Apple iPhone16,2", "Apple", "18.3.1", "4.4.0.28"
			d.MachineHostname = fmt.Sprintf("NWL-IOS-%04d", 2001+i)
		} else {
			d.Detail, d.Manufacturer, d.OSVersion, d.AgentVersion = "Fabrikam Mobile FM-8", "Fabrikam", "15", "4.3.0.41"
			d.MachineHostname = fmt.Sprintf("NWL-AND-%04d", 2001+i)
		}
		s.devices.Insert(d)
	}
	return s
}

func unixStr(t int64) string { return strconv.FormatInt(t, 10) }

func uuidLike(r *rng) string {
	h := r.hex(32)
	return h[0:8] + "-" + h[8:12] + "-" + h[12:16] + "-" + h[16:20] + "-" + h[20:32]
}
