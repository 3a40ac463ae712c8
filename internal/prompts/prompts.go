// Package prompts holds the server's MCP prompts: playbooks a user picks in
// the client, fills in, and sends to the agent as its first message. Each is
// a row, as the tools are: name, service, arguments, and the text it renders.
// A prompt is offered only when tools of its service are (mcpserver).
package prompts

import (
	"fmt"
	"strconv"
	"strings"
	"unicode"

	"github.com/zscaler-mcp/zscaler-mcp/internal/zscaler"
)

// Prompt is one playbook.
type Prompt struct {
	Name        string
	Title       string
	Service     zscaler.Service
	Description string
	Args        []Arg
	// Render writes the playbook from the arguments, every one present:
	// the given value, checked, or the argument's default.
	Render func(a map[string]string) string
}

// Arg is one argument; MCP prompt arguments are strings.
type Arg struct {
	Name        string
	Description string
	Required    bool
	Default     string
	// Count: the value is a whole number from 1 to Max (days, hours).
	Count bool
	Max   int
}

// MaxArgLength bounds a value: arguments name one thing (a SIM, a device).
const MaxArgLength = 200

// All is every prompt, in a stable order.
func All() []*Prompt {
	return []*Prompt{zdxTroubleshootUserExperience(), zcellAuditDataUsage(), zcellInvestigateSIM(), zcellReviewAnomalyPolicies()}
}

// Fill checks the given arguments and completes them with the defaults. An
// error names the argument and what it accepts; nothing is rendered from
// an argument the prompt does not declare.
func (p *Prompt) Fill(given map[string]string) (map[string]string, error) {
	known := make(map[string]bool, len(p.Args))
	out := make(map[string]string, len(p.Args))
	for _, a := range p.Args {
		known[a.Name] = true
		v := strings.TrimSpace(given[a.Name])
		if err := a.check(v); err != nil {
			return nil, fmt.Errorf("prompt %s, argument %s: %w", p.Name, a.Name, err)
		}
		if v == "" {
			v = a.Default
		}
		out[a.Name] = v
	}
	for name := range given {
		if !known[name] {
			return nil, fmt.Errorf("prompt %s has no argument %q; it takes: %s", p.Name, name, p.argNames())
		}
	}
	return out, nil
}

func (a Arg) check(v string) error {
	switch {
	case v == "" && a.Required:
		return fmt.Errorf("is required: %s", a.Description)
	case v == "":
		return nil
	case len(v) > MaxArgLength:
		return fmt.Errorf("is %d characters long; give at most %d", len(v), MaxArgLength)
	case strings.ContainsFunc(v, unicode.IsControl):
		return fmt.Errorf("holds a line break or control character; give one line of text")
	}
	if a.Count {
		if n, err := strconv.Atoi(v); err != nil || n < 1 || n > a.Max {
			return fmt.Errorf("is %q; give a whole number from 1 to %d", v, a.Max)
		}
	}
	return nil
}

func (p *Prompt) argNames() string {
	names := make([]string, len(p.Args))
	for i, a := range p.Args {
		names[i] = a.Name
	}
	return strings.Join(names, ", ")
}
