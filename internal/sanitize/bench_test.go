package sanitize

import (
	"bytes"
	"fmt"
	"testing"
)

// cleanDocument returns a ZPA-like list of records: int64 ids as strings and numbers, ASCII names, nested lists.
func cleanDocument(n int) []byte {
	var b bytes.Buffer
	b.WriteString(`{"totalPages":"1","list":[`)
	for i := range n {
		if i > 0 {
			b.WriteByte(',')
		}
		id := 216196257331404691 + int64(i)*7919
		fmt.Fprintf(&b, `{"id":"%d","name":"Finance App Segment %d","description":"Internal finance applications for region %d",`+
			`"enabled":true,"domainNames":["app%d.corp.example.com","app%d-backup.corp.example.com"],"creationTime":"1690%06d",`+
			`"modifiedBy":"216196257331372722","bypassType":"NEVER","healthReporting":"ON_ACCESS","icmpAccessType":"NONE",`+
			`"tcpPortRanges":["443","443","8443","8443"],"tcpPortRange":[{"from":"443","to":"443"},{"from":"8443","to":"8443"}],`+
			`"serverGroups":[{"id":"%d","name":"SG-%d","enabled":true,"dynamicDiscovery":true,"appConnectorGroups":[{"id":"%d","name":"ACG-West-%d","location":"San Jose, CA, USA","latitude":"37.33939","longitude":"-121.89496"}]}],`+
			`"segmentGroupId":%d,"segmentGroupName":"SGrp %d","matchStyle":"EXCLUSIVE","isCnameEnabled":true,"ipAnchored":false,"doubleEncrypt":false,"weight":1.50}`,
			id, i, i%7, i, i, i, id+1, i, id+2, i, id+3, i%5)
	}
	b.WriteString(`]}`)
	return b.Bytes()
}

// dirtyDocument is cleanDocument(n) with a few strings that need work.
func dirtyDocument(n int) []byte {
	doc := cleanDocument(n)
	doc = bytes.Replace(doc, []byte(`"Finance App Segment 3"`), []byte(`"Finance App Segment 3\u200b"`), 1)
	doc = bytes.Replace(doc, []byte(`"Internal finance applications for region 4"`),
		[]byte(`"<b>Internal</b> finance ![x](http://evil.example/p.png) region 4"`), 1)
	doc = bytes.Replace(doc, []byte(`"SG-20"`), []byte("\"SG\u00a020 \u202e\""), 1)
	return doc
}

func BenchmarkJSONClean(b *testing.B) {
	doc := cleanDocument(46)
	b.SetBytes(int64(len(doc)))
	b.ReportAllocs()
	for b.Loop() {
		if _, changed := JSON(doc); changed {
			b.Fatal("changed")
		}
	}
}

func BenchmarkJSONDirty(b *testing.B) {
	doc := dirtyDocument(46)
	b.SetBytes(int64(len(doc)))
	b.ReportAllocs()
	for b.Loop() {
		if _, changed := JSON(doc); !changed {
			b.Fatal("unchanged")
		}
	}
}

func BenchmarkTextClean(b *testing.B) {
	s := "Finance App Segment 12 - internal finance applications for the west region"
	b.ReportAllocs()
	for b.Loop() {
		Text(s)
	}
}

func BenchmarkTextDirty(b *testing.B) {
	s := "<b>Finance</b>\u200b App ![x](http://evil.example/p.png) Segment &amp; [docs](http://x.example)"
	b.ReportAllocs()
	for b.Loop() {
		Text(s)
	}
}

func TestBenchmarkDocuments(t *testing.T) {
	clean, dirty := cleanDocument(46), dirtyDocument(46)
	if len(clean) < 35_000 || len(clean) > 45_000 {
		t.Errorf("clean document is %d bytes, want about 40 KB", len(clean))
	}
	if bytes.Equal(clean, dirty) {
		t.Error("dirty document has no dirty strings")
	}
	if bytes.Count(dirty, []byte(`\u200b`))+bytes.Count(dirty, []byte("<b>")) < 2 {
		t.Error("dirty document replacements did not apply")
	}
}
