package e2e

import (
	"slices"
	"strings"
	"testing"

	"github.com/modelcontextprotocol/go-sdk/mcp"
)

// The ZDX playbook is listed with its arguments, renders the arguments given
// into one user message, and refuses arguments that do not fit.
func TestPromptsAreOffered(t *testing.T) {
	each(t, func(t *testing.T, tr transport) {
		tn := newTenant(t)
		s := start(t, tr, tn.env())
		if caps := s.session.InitializeResult().Capabilities; caps.Prompts == nil {
			t.Fatalf("initialize advertises no prompts: %+v", caps)
		}
		listed, err := s.session.ListPrompts(ctxFor(t), nil)
		if err != nil {
			t.Fatal(err)
		}
		var zdx *mcp.Prompt
		var names []string
		for _, p := range listed.Prompts {
			names = append(names, p.Name)
			if p.Name == "zdx_troubleshoot_user_experience" {
				zdx = p
			}
		}
		slices.Sort(names)
		if want := []string{"zcell_audit_data_usage", "zcell_investigate_sim", "zcell_review_anomaly_policies",
			"zdx_troubleshoot_user_experience"}; !slices.Equal(names, want) {
			t.Fatalf("prompts listed: %v, want %v", names, want)
		}
		var args []string
		for _, a := range zdx.Arguments {
			args = append(args, a.Name)
			if (a.Name == "user_or_device") != a.Required {
				t.Errorf("argument %s: required = %v", a.Name, a.Required)
			}
		}
		if !slices.Equal(args, []string{"user_or_device", "application", "since_hours"}) || zdx.Title == "" {
			t.Errorf("listed as %+v with arguments %v", zdx, args)
		}

		got, err := s.session.GetPrompt(ctxFor(t), &mcp.GetPromptParams{Name: zdx.Name,
			Arguments: map[string]string{"user_or_device": "jdoe@example.com", "since_hours": "2"}})
		if err != nil {
			t.Fatal(err)
		}
		if len(got.Messages) != 1 || got.Messages[0].Role != "user" {
			t.Fatalf("want one user message, got %+v", got.Messages)
		}
		text := got.Messages[0].Content.(*mcp.TextContent).Text
		for _, want := range []string{`emails=["jdoe@example.com"]`, "last 2 hours", "zdx_get_application_metric"} {
			if !strings.Contains(text, want) {
				t.Errorf("the rendered playbook lacks %q:\n%s", want, text)
			}
		}

		for wantErr, bad := range map[string]map[string]string{
			"argument user_or_device: is required":                  {},
			"argument since_hours: is \"48h\"; give a whole number": {"user_or_device": "x", "since_hours": "48h"},
			"has no argument \"tenant\"":                            {"user_or_device": "x", "tenant": "other"},
		} {
			_, err := s.session.GetPrompt(ctxFor(t), &mcp.GetPromptParams{Name: zdx.Name, Arguments: bad})
			if err == nil || !strings.Contains(err.Error(), wantErr) {
				t.Errorf("arguments %v: error %v, want one containing %q", bad, err, wantErr)
			}
		}
	})
}

// A prompt is offered only with tools of its service: with every ZDX tool
// disabled there is no ZDX playbook to send the agent to, and the ZCell ones stay.
func TestPromptsFollowTheServices(t *testing.T) {
	each(t, func(t *testing.T, tr transport) {
		tn := newTenant(t)
		s := start(t, tr, tn.env(), "--disabled-tools", "zdx_*")
		listed, err := s.session.ListPrompts(ctxFor(t), nil)
		if err != nil {
			t.Fatal(err)
		}
		var names []string
		for _, p := range listed.Prompts {
			names = append(names, p.Name)
		}
		slices.Sort(names)
		if want := []string{"zcell_audit_data_usage", "zcell_investigate_sim", "zcell_review_anomaly_policies"}; !slices.Equal(names, want) {
			t.Errorf("with zdx_* disabled the prompts are %v, want %v", names, want)
		}
		_, err = s.session.GetPrompt(ctxFor(t), &mcp.GetPromptParams{Name: "zdx_troubleshoot_user_experience",
			Arguments: map[string]string{"user_or_device": "x"}})
		if err == nil {
			t.Error("the ZDX prompt renders with every ZDX tool disabled")
		}
		got, err := s.session.GetPrompt(ctxFor(t), &mcp.GetPromptParams{Name: "zcell_investigate_sim",
			Arguments: map[string]string{"iccid": "8988303000000001234"}})
		if err != nil {
			t.Fatal(err)
		}
		if text := got.Messages[0].Content.(*mcp.TextContent).Text; !strings.Contains(text, `icc_id="8988303000000001234"`) {
			t.Errorf("zcell_investigate_sim did not render its ICCID:\n%s", text)
		}
	})
}
