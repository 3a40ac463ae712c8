package sandbox

import (
	"fmt"
	"strings"
)

// seedEpoch (2026-01-01T00:00:00Z) anchors every seeded timestamp, so the
// seed is the same on every run and tests may compare times.
const seedEpoch int64 = 1767225600

// state is everything a tenant serves. It is rebuilt from scratch by Reset;
// seed builders construct fresh values each time, so no write can leak into
// the next seed.
type state struct {
	zia *ziaState
	zpa *zpaState
	zdx *zdxState
	zcc *zccState
}

func newState() *state {
	org := seedOrg()
	zia := seedZIA(org)
	return &state{
		zia: zia,
		zpa: seedZPA(),
		zdx: seedZDX(org, zia),
		zcc: seedZCC(org),
	}
}

// OS codes shared by ZCC (type/osType) and the seeded laptops.
const (
	osIOS     = 1
	osAndroid = 2
	osWindows = 3
	osMacOS   = 4
	osLinux   = 5
)

// person is one Northwind Labs employee. ZIA users, ZDX devices and ZCC
// devices are all derived from the same people, so a name found in one
// service can be followed into the others.
type person struct {
	first, last string
	email       string
	dept        int   // index into ziaDepartmentNames
	groups      []int // indexes into ziaGroupNames
	location    int   // index into the ZIA location seed
	admin       bool
	laptopOS    int
	laptopHost  string
	laptopMAC   string
	laptopModel string
	phoneOS     int // 0 = no enrolled phone
}

func (p person) name() string { return p.first + " " + p.last }

// org is the generated population.
type org struct {
	people []person
}

const seedPeople = 150

var (
	firstNames = []string{
		"Ava", "Liam", "Maya", "Noah", "Zoe", "Ethan", "Isla", "Omar", "Priya", "Lucas",
		"Hana", "Mateo", "Chloe", "Arjun", "Elena", "Kai", "Nora", "Diego", "Leah", "Sami",
		"Ruth", "Felix", "Ines", "Tariq", "Greta", "Yusuf", "Mei", "Owen", "Freya", "Jonas",
	}
	lastNames = []string{
		"Thompson", "Okafor", "Lindqvist", "Moreau", "Tanaka", "Alvarez", "Novak", "Haddad", "Kowalski", "Brennan",
		"Mensah", "Rossi", "Fischer", "Nakamura", "Dubois", "Patel", "Larsen", "Silva", "Murphy", "Weber",
		"Kim", "Osei", "Varga", "Castillo", "Reyes", "Sato", "Ivanova", "Quinn", "Baptiste", "Holm",
	}
	// deptWeights spreads people over ziaDepartmentNames (Service Admin is
	// reserved for the two admins).
	deptWeights = []int{34, 16, 8, 8, 5, 10, 10, 3, 6, 0}
)

// rng is a splitmix64 generator: tiny, fast and identical on every platform,
// which is all a deterministic seed needs.
type rng uint64

func (r *rng) next() uint64 {
	*r += 0x9e3779b97f4a7c15
	z := uint64(*r)
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9
	z = (z ^ (z >> 27)) * 0x94d049bb133111eb
	return z ^ (z >> 31)
}

func (r *rng) intn(n int) int { return int(r.next() % uint64(n)) }

func (r *rng) weighted(weights []int) int {
	total := 0
	for _, w := range weights {
		total += w
	}
	x := r.intn(total)
	for i, w := range weights {
		if x < w {
			return i
		}
		x -= w
	}
	return len(weights) - 1
}

func (r *rng) hex(n int) string {
	const digits = "0123456789ABCDEF"
	b := make([]byte, n)
	for i := range b {
		b[i] = digits[r.intn(16)]
	}
	return string(b)
}

func seedOrg() *org {
	r := rng(0x4e57_4c61_6273) // "NWLabs"
	seen := map[string]bool{}
	o := &org{people: make([]person, 0, seedPeople)}
	for len(o.people) < seedPeople {
		p := person{first: firstNames[r.intn(len(firstNames))], last: lastNames[r.intn(len(lastNames))]}
		if seen[p.name()] {
			continue
		}
		seen[p.name()] = true
		i := len(o.people)
		p.email = strings.ToLower(p.first+"."+p.last) + "@" + Domain
		switch i {
		case 0, 1: // the tenant's administrators
			p.admin = true
			p.dept = ziaDeptServiceAdmin
			p.groups = []int{ziaGroupServiceAdmin, ziaGroupITAdmins}
		default:
			p.dept = r.weighted(deptWeights)
			p.groups = []int{deptGroup[p.dept]}
			for _, extra := range []int{ziaGroupRemote, ziaGroupVPN, ziaGroupContractors, ziaGroupPilot} {
				if r.intn(6) == 0 {
					p.groups = append(p.groups, extra)
				}
			}
			if p.dept == ziaDeptEngineering && i%9 == 0 {
				p.groups = append(p.groups, ziaGroupExecutives)
			}
		}
		p.location = r.intn(ziaOfficeCount)
		switch x := r.intn(100); {
		case x < 58:
			p.laptopOS = osWindows
		case x < 92:
			p.laptopOS = osMacOS
		default:
			p.laptopOS = osLinux
		}
		p.laptopHost = fmt.Sprintf("NWL-%s-%04d", hostPrefix[p.laptopOS], 1001+i)
		p.laptopMAC = macAddr(&r)
		p.laptopModel = laptopModels[p.laptopOS][r.intn(len(laptopModels[p.laptopOS]))]
		if i < 6 {
			p.phoneOS = osIOS + i%2 // the first six also enrolled a phone
		}
		o.people = append(o.people, p)
	}
	return o
}

// laptopModels are model names without the maker, which depends on the OS
// (Contoso builds the Windows laptops, Fabrikam the Linux ones).
var laptopModels = map[int][]string{
	osWindows: {"Book 14 G3", "Ultra 7", "Workstation 16"},
	osMacOS:   {"Mac15,6", "Mac15,12", "Mac16,7"},
	osLinux:   {"DevStation 5", "DevStation 7"},
}

var hostPrefix = map[int]string{osWindows: "WIN", osMacOS: "MAC", osLinux: "LNX"}

func macAddr(r *rng) string {
	h := r.hex(10)
	// 02: a locally administered unicast prefix, never a real vendor's OUI.
	return fmt.Sprintf("02:%s:%s:%s:%s:%s", h[0:2], h[2:4], h[4:6], h[6:8], h[8:10])
}
