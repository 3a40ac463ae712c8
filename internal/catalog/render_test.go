package catalog

import (
	"encoding/json"
	"strings"
	"testing"
)

func records(t *testing.T, raw string) []json.RawMessage {
	t.Helper()
	recs, err := recordsOf([]byte(raw), "")
	if err != nil {
		t.Fatal(err)
	}
	return recs
}

func TestTextIsCSVForFlatRecords(t *testing.T) {
	r := RecordsResult(records(t, `[{"id":216196257331404691,"name":"a,b","ok":true,"tags":[ ],"note":null},{"name":"say \"hi\"","id":2,"extra":{}}]`))
	want := "id,name,ok,tags,note,extra\n216196257331404691,\"a,b\",true,[],,\n2,\"say \"\"hi\"\"\",,,,{}"
	if got := r.Text(); got != want {
		t.Fatalf("got\n%s\nwant\n%s", got, want)
	}
}

func TestTextIsCompactJSONForNestedRecords(t *testing.T) {
	r := RecordsResult(records(t, "[{\"id\" : 1,\n \"groups\": [{\"id\":2,\"name\":\"<b>\"}]}]"))
	if got := r.Text(); got != `[{"id":1,"groups":[{"id":2,"name":"<b>"}]}]` {
		t.Fatalf("got %s", got)
	}
}

func TestStructuredIsVerbatim(t *testing.T) {
	raw := `[{"zeta":1,"alpha":216196257331404691,"f":1.50}]`
	r := RecordsResult(records(t, raw))
	if got := string(r.Structured()); got != `{"result":`+raw+`}` {
		t.Fatalf("structured content is not the API's bytes: %s", got)
	}
	if got := string(RecordsResult(nil).Structured()); got != `{"result":[]}` {
		t.Fatalf("empty list: %s", got)
	}
	if got := string(RecordResult(json.RawMessage(`[1]`)).Structured()); got != `{"result":[1]}` {
		t.Fatalf("a non-object answer must be wrapped so structuredContent is an object: %s", got)
	}
}

func TestTextOfOneRecordAndNotes(t *testing.T) {
	r := RecordResult(json.RawMessage(`{ "id": 7 }`))
	r.Notes = []string{"NOTE: more"}
	if got := r.Text(); got != "{\"id\":7}\n\nNOTE: more" {
		t.Fatalf("got %q", got)
	}
	if got := RecordsResult(nil).Text(); got != "[]" {
		t.Fatalf("empty list renders as %q", got)
	}
	if got := (&Result{Error: "boom"}).Text(); !strings.Contains(got, "boom") {
		t.Fatalf("error text %q", got)
	}
}

// A tool that forces JSON text gets JSON even for records CSV could hold.
func TestJSONOnlyKeepsFlatRecordsJSON(t *testing.T) {
	flat := []json.RawMessage{json.RawMessage(`{"day":"2026-12-01","count":3}`), json.RawMessage(`{"day":"2026-12-02","count":5}`)}
	if got := RecordsResult(flat).Text(); !strings.HasPrefix(got, "day,count\n") {
		t.Fatalf("flat records without JSONOnly should be CSV, got %q", got)
	}
	r := RecordsResult(flat)
	r.JSONOnly = true
	if got := r.Text(); !strings.HasPrefix(got, `[{"day":"2026-12-01","count":3},{"day":"2026-12-02","count":5}]`) {
		t.Errorf("JSONOnly text = %q, want the records as a JSON array", got)
	}
}
