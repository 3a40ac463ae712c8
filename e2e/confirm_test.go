package e2e

import (
	"context"
	"errors"
	"os/exec"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/modelcontextprotocol/go-sdk/mcp"
)

var tokenRE = regexp.MustCompile(`"confirmation_token": "([^"]+)"`)

func tokenIn(t *testing.T, res *mcp.CallToolResult) string {
	t.Helper()
	m := tokenRE.FindStringSubmatch(text(res))
	if m == nil {
		t.Fatalf("no confirmation token in %q", text(res))
	}
	return m[1]
}

// newGroup creates a segment group to delete and returns its id.
func newGroup(t *testing.T, s *server, name string) string {
	t.Helper()
	id, _ := ok(t, s, "zpa_create_segment_group", map[string]any{"name": name})["id"].(string)
	if id == "" {
		t.Fatal("no id")
	}
	return id
}

func deletes(tn *tenant) int { return countRequests(tn, "DELETE", "/zpa/") }

const writeAll = "ZSCALER_MCP_WRITE_TOOLS=*"

func TestDeleteNeedsTheUsersConfirmation(t *testing.T) {
	each(t, func(t *testing.T, tr transport) {
		tn := newTenant(t)
		s := start(t, tr, tn.env("ZSCALER_MCP_WRITE_ENABLED=true", writeAll, "ZSCALER_MCP_SKIP_CONFIRMATION=true"))
		id := newGroup(t, s, "Confirm Me")

		first := call(t, s, "zpa_delete_segment_group", map[string]any{"group_id": id})
		txt := text(first)
		for _, want := range []string{"CONFIRMATION REQUIRED", id, "Confirm Me", "ask", "user", "NOT confirmation", "on their behalf"} {
			if !strings.Contains(txt, want) {
				t.Errorf("the prompt lacks %q:\n%s", want, txt)
			}
		}
		if strings.Index(txt, "Only if the user") > strings.Index(txt, "confirmation_token") {
			t.Error("the token comes before the instruction to ask the user")
		}
		if first.IsError || deletes(tn) != 0 {
			t.Fatalf("isError=%v, %d DELETEs before confirmation", first.IsError, deletes(tn))
		}
		tok := tokenIn(t, first)

		other := newGroup(t, s, "Bystander")
		res := call(t, s, "zpa_delete_segment_group", map[string]any{"group_id": other, "confirmation_token": tok})
		if !strings.Contains(text(res), "does not match") || deletes(tn) != 0 {
			t.Fatalf("a token for another group: %s (%d DELETEs)", text(res), deletes(tn))
		}

		res = call(t, s, "zpa_delete_segment_group", map[string]any{"group_id": id, "kwargs": `{"confirmation_token": "` + tok + `"}`})
		if res.IsError || deletes(tn) != 1 || !strings.Contains(text(res), `"deleted":true`) {
			t.Fatalf("the confirmed delete (token in kwargs): %s (%d DELETEs)", text(res), deletes(tn))
		}
		res = call(t, s, "zpa_delete_segment_group", map[string]any{"group_id": id, "confirmation_token": tok})
		if !strings.Contains(text(res), "already been used") || deletes(tn) != 1 {
			t.Fatalf("a spent token: %s", text(res))
		}
		tok2 := tokenIn(t, res)
		other2 := call(t, s, "zpa_delete_segment_group", map[string]any{"group_id": other, "confirmation_token": tokenIn(t, call(t, s, "zpa_delete_segment_group", map[string]any{"group_id": other}))})
		if other2.IsError || deletes(tn) != 2 {
			t.Fatalf("top-level confirmation_token: %s", text(other2))
		}
		_ = tok2
	})
}

func TestConfirmationTokensExpire(t *testing.T) {
	tn := newTenant(t)
	s := start(t, http_, tn.env("ZSCALER_MCP_WRITE_ENABLED=true", writeAll, "ZSCALER_MCP_CONFIRMATION_TTL=1"))
	id := newGroup(t, s, "Short Lived")
	tok := tokenIn(t, call(t, s, "zpa_delete_segment_group", map[string]any{"group_id": id}))
	time.Sleep(2100 * time.Millisecond)
	res := call(t, s, "zpa_delete_segment_group", map[string]any{"group_id": id, "confirmation_token": tok})
	if !strings.Contains(text(res), "expired") || deletes(tn) != 0 {
		t.Fatalf("an expired token: %s", text(res))
	}
}

// A stateless deployment runs several replicas: a token one issues must work
// on another that shares the key ring, and not on one that does not.
func TestTokensVerifyOnAnotherReplicaWithTheSharedKey(t *testing.T) {
	tn := newTenant(t)
	key := "ZSCALER_MCP_CONFIRMATION_KEYS=" + "c2hhcmVkLWtleS1mb3ItZTJlLXRlc3RzLW9ubHktMzJieXRlcyE="
	a := start(t, http_, tn.env("ZSCALER_MCP_WRITE_ENABLED=true", writeAll, key))
	b := start(t, http_, tn.env("ZSCALER_MCP_WRITE_ENABLED=true", writeAll, key))
	c := start(t, http_, tn.env("ZSCALER_MCP_WRITE_ENABLED=true", writeAll))
	id := newGroup(t, a, "Replicated")
	tok := tokenIn(t, call(t, a, "zpa_delete_segment_group", map[string]any{"group_id": id}))
	if res := call(t, c, "zpa_delete_segment_group", map[string]any{"group_id": id, "confirmation_token": tok}); deletes(tn) != 0 {
		t.Fatalf("a replica without the key accepted the token: %s", text(res))
	}
	if res := call(t, b, "zpa_delete_segment_group", map[string]any{"group_id": id, "confirmation_token": tok}); res.IsError || deletes(tn) != 1 {
		t.Fatalf("the second replica refused a token of the first: %s", text(res))
	}
}

func TestBadConfirmationKeyRingStopsTheServer(t *testing.T) {
	cmd := exec.Command(binary, "serve", "--sandbox")
	cmd.Env = append(baseEnv(), "ZSCALER_MCP_CONFIRMATION_KEYS= , , ")
	out, err := combined(cmd)
	if err == nil || !strings.Contains(string(out), "ZSCALER_MCP_CONFIRMATION_KEYS") || !strings.Contains(string(out), "no usable key") {
		t.Fatalf("%v\n%s", err, out)
	}
}

// A client that can be asked is asked, and its human's answer stands.
func TestElicitationAsksTheHuman(t *testing.T) {
	tn := newTenant(t)
	env := tn.env("ZSCALER_MCP_WRITE_ENABLED=true", writeAll)
	for _, c := range []struct {
		name    string
		answer  func() (*mcp.ElicitResult, error)
		deleted bool
	}{
		{"yes", func() (*mcp.ElicitResult, error) {
			return &mcp.ElicitResult{Action: "accept", Content: map[string]any{"choice": "delete"}}, nil
		}, true},
		{"cancel choice", func() (*mcp.ElicitResult, error) {
			return &mcp.ElicitResult{Action: "accept", Content: map[string]any{"choice": "cancel"}}, nil
		}, false},
		{"decline", func() (*mcp.ElicitResult, error) { return &mcp.ElicitResult{Action: "decline"}, nil }, false},
		{"client fails", func() (*mcp.ElicitResult, error) { return nil, errors.New("the client broke") }, false},
	} {
		t.Run(c.name, func(t *testing.T) {
			var asked string
			client := mcp.NewClient(&mcp.Implementation{Name: "e2e", Version: "1"}, &mcp.ClientOptions{
				ElicitationHandler: func(_ context.Context, req *mcp.ElicitRequest) (*mcp.ElicitResult, error) {
					asked = req.Params.Message
					return c.answer()
				},
			})
			cmd := exec.Command(binary, "serve")
			cmd.Env = append(baseEnv(), env...)
			session, err := client.Connect(ctxFor(t), &mcp.CommandTransport{Command: cmd}, nil)
			if err != nil {
				t.Fatal(err)
			}
			defer session.Close()
			s := &server{session: session, logs: &logBuffer{}}
			id := newGroup(t, s, "Ask "+c.name)
			before := deletes(tn)
			// Even a valid token cannot override the human's answer.
			tok := tokenFromOtherReplica(t, tn, id)
			res, err := s.session.CallTool(ctxFor(t), mcpCall("zpa_delete_segment_group", map[string]any{"group_id": id, "confirmation_token": tok}))
			if !strings.Contains(asked, "Ask "+c.name) || strings.Contains(asked, "confirmation_token") {
				t.Errorf("the question %q does not name the group, or leaks a token", asked)
			}
			outcome := ""
			if err != nil {
				outcome = err.Error() // a client whose question failed gives up itself
			} else {
				outcome = text(res)
			}
			if got := deletes(tn) - before; (got == 1) != c.deleted {
				t.Fatalf("%d DELETEs; outcome %s", got, outcome)
			}
			if !c.deleted && err == nil && !strings.Contains(outcome, "NOT performed") {
				t.Errorf("the refusal does not say so: %s", outcome)
			}
		})
	}
}

// tokenFromOtherReplica is a token that would be valid for the call, minted
// by nobody this server trusts: it must change nothing when the human is asked.
func tokenFromOtherReplica(t *testing.T, tn *tenant, id string) string {
	return "zc1.00000000.9999999999.AAAAAAAAAAAAAAAAAAAAAA.AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"
}

// confirmedDelete runs a delete the way an agent does after its user agreed:
// the first call yields the token, the second carries it.
func confirmedDelete(t *testing.T, s *server, tool string, args map[string]any) map[string]any {
	t.Helper()
	tok := tokenIn(t, call(t, s, tool, args))
	again := map[string]any{"confirmation_token": tok}
	for k, v := range args {
		again[k] = v
	}
	return ok(t, s, tool, again)
}
