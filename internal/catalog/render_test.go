package catalog

import (
	"encoding/json"
	"strings"
	"testing"
)

func records(t *testing.T, raw string) []any {
	t.Helper()
	v, err := decode([]byte(raw))
	if err != nil {
		t.Fatal(err)
	}
	return v.([]any)
}

func TestTextIsCSVForFlatRecords(t *testing.T) {
	r := RecordsResult(records(t, `[{"name":"a,b","id":216196257331404691,"ok":true,"tags":[],"note":null},{"id":2,"name":"say \"hi\"","extra":{}}]`))
	want := "id,name,extra,note,ok,tags\n216196257331404691,\"a,b\",,,true,[]\n2,\"say \"\"hi\"\"\",{},,,"
	if got := r.Text(); got != want {
		t.Fatalf("got\n%s\nwant\n%s", got, want)
	}
}

func TestTextIsJSONForNestedRecords(t *testing.T) {
	r := RecordsResult(records(t, `[{"id":1,"groups":[{"id":2,"name":"<b>"}]}]`))
	got := r.Text()
	if got != `[{"groups":[{"id":2,"name":"<b>"}],"id":1}]` {
		t.Fatalf("got %s", got)
	}
}

func TestTextOfOneRecordAndNotes(t *testing.T) {
	r := RecordResult(map[string]any{"id": json.Number("7")})
	r.Notes = []string{"NOTE: more"}
	if got := r.Text(); got != "{\"id\":7}\n\nNOTE: more" {
		t.Fatalf("got %q", got)
	}
	if got := RecordsResult(nil).Text(); got != "[]" {
		t.Fatalf("empty list renders as %q", got)
	}
	if RecordResult([]any{}).Structured["result"] == nil {
		t.Fatal("a non-object answer must be wrapped so structuredContent is an object")
	}
	if got := (&Result{Error: "boom"}).Text(); !strings.Contains(got, "boom") {
		t.Fatalf("error text %q", got)
	}
}
