package mcpserver

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"

	"github.com/modelcontextprotocol/go-sdk/mcp"

	"github.com/zscaler-mcp/zscaler-mcp/internal/catalog"
	"github.com/zscaler-mcp/zscaler-mcp/internal/confirm"
)

// confirmKey names the one input a delete may ask the client for.
const confirmKey = "confirm_delete"

// elicitation is what a call knows about asking the client: whether it can
// (the client declared elicitation and the SDK can deliver the question),
// and, on the retry, the answer and the state the first round handed out.
type elicitation struct {
	canAsk    bool
	responses mcp.InputResponseMap
	state     string
}

// gate decides whether a delete may reach the API. It returns (nil, nil) to
// let the call through, a result to answer instead, or an input-required
// result that asks the client's human.
//
// A client that can be asked is asked (SEP-2322 multi round-trip: the SDK
// delivers the question, as an input-required result on 2026-07-28 or as an
// elicitation request on an older stateful session), and its human's "no"
// stands even against a valid token. The round's state is a confirmation
// token bound to the tool, the arguments and the caller, so a tampered or
// foreign state is refused. A client that cannot be asked gets CONFIRMATION
// REQUIRED and a token; the agent must ask its user and call again with it.
func (s *Server) gate(ctx context.Context, t *catalog.Tool, raw json.RawMessage, el elicitation) (*catalog.Result, *mcp.CallToolResult) {
	if t.Action != catalog.Delete || s.skipConfirm {
		return nil, nil
	}
	args, err := t.ParseArgs(raw)
	if err != nil {
		return nil, nil // the executor reports the bad arguments; nothing is deleted
	}
	token, bound := confirm.TokenFrom(args)
	caller := Caller(ctx)
	what := func() string { return s.describeTarget(ctx, t, args) }

	if answer, asked := el.responses[confirmKey]; asked {
		if err := s.confirmer.Redeem(el.state, t.Name, bound, caller); err != nil {
			s.decision(ctx, t, "elicitation state rejected", err.Error())
			return &catalog.Result{Message: "The confirmation round is not valid for this call (" + err.Error() + "). The operation was NOT performed."}, nil
		}
		res, _ := answer.(*mcp.ElicitResult)
		choice := ""
		if res != nil && res.Action == "accept" {
			choice, _ = res.Content["choice"].(string)
		}
		if choice != "delete" {
			s.decision(ctx, t, "declined by the user", fmt.Sprint(choice))
			return &catalog.Result{Message: fmt.Sprintf("The user did not confirm DELETE %s. The operation was NOT performed.", what())}, nil
		}
		s.decision(ctx, t, "confirmed by the user", "")
		return nil, nil
	}
	if el.canAsk {
		state, _ := s.confirmer.Issue(t.Name, bound, caller)
		s.decision(ctx, t, "asking the user", "")
		return nil, &mcp.CallToolResult{
			InputRequests: mcp.InputRequestMap{confirmKey: &mcp.ElicitParams{
				Mode:    "form",
				Message: fmt.Sprintf("Confirm destructive operation: DELETE %s\nThis cannot be undone. Choose 'delete' to proceed.", what()),
				RequestedSchema: map[string]any{
					"type": "object",
					"properties": map[string]any{
						"choice": map[string]any{"type": "string", "enum": []string{"delete", "cancel"},
							"description": "Choose 'delete' to perform the deletion, or 'cancel' to abort."},
					},
					"required": []string{"choice"},
				},
			}},
			RequestState: state,
		}
	}

	if token != "" {
		err := s.confirmer.Redeem(token, t.Name, bound, caller)
		if err == nil {
			s.decision(ctx, t, "token accepted", "")
			return nil, nil
		}
		s.decision(ctx, t, "token rejected", err.Error())
		return &catalog.Result{Message: "Confirmation rejected: " + err.Error() + " The operation was NOT performed.\n\n" + s.prompt(t, what(), bound, caller)}, nil
	}
	s.decision(ctx, t, "confirmation requested", "")
	return &catalog.Result{Message: s.prompt(t, what(), bound, caller)}, nil
}

// prompt is the answer to an unconfirmed delete: what would be deleted, what
// the agent must do, and the token. The wording keeps the reference server's,
// so agents and prompts written for it keep working.
func (s *Server) prompt(t *catalog.Tool, what string, args map[string]any, caller string) string {
	token, expires := s.confirmer.Issue(t.Name, args, caller)
	return fmt.Sprintf(`DESTRUCTIVE OPERATION - CONFIRMATION REQUIRED

Operation: DELETE %s

WARNING: This action CANNOT be undone!

REQUIRED NEXT STEP — do not skip:
1. Show this warning to the user and ask them to confirm the deletion.
2. Wait for the user's reply. An earlier request to delete is NOT confirmation, and you must not answer on their behalf.
3. Only if the user explicitly agrees, retry this call with the same arguments plus:
   "confirmation_token": "%s"
   (or, as before, kwargs='{"confirmation_token": "%s"}')
The token works once, for this exact call, until %s.
If the user declines or does not answer, report that and stop.`, what, token, token, expires.UTC().Format("15:04:05 UTC"))
}

// describeTarget names what a delete would remove: its type, and its name
// read through the matching get tool where the catalogue has one.
func (s *Server) describeTarget(ctx context.Context, t *catalog.Tool, args catalog.Args) string {
	kind := strings.ReplaceAll(t.Name[strings.Index(t.Name, "_delete_")+len("_delete_"):], "_", " ")
	var ids []string
	for _, p := range t.Params {
		if p.In == catalog.InPath {
			ids = append(ids, fmt.Sprint(args[p.Name]))
		}
	}
	id := strings.Join(ids, "/")
	if get := s.catalogue[strings.Replace(t.Name, "_delete_", "_get_", 1)]; get != nil {
		if res, err := s.exec.Run(ctx, get, args); err == nil && res.Record != nil {
			var rec map[string]any
			if json.Unmarshal(res.Record, &rec) == nil {
				for _, k := range []string{"name", "configuredName", "displayName"} {
					if name, ok := rec[k].(string); ok && name != "" {
						return fmt.Sprintf("%s %q (%s)", kind, name, id)
					}
				}
			}
		}
	}
	return fmt.Sprintf("%s %s", kind, id)
}

// decision writes the audit line of a confirmation decision.
func (s *Server) decision(ctx context.Context, t *catalog.Tool, what, detail string) {
	l := s.audits
	if l == nil {
		l = s.logger
	}
	l.Info("delete confirmation", "tool", t.Name, "caller", Caller(ctx), "decision", what, "detail", detail)
}
