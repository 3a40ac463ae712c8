package mcpserver

import (
	"context"

	"github.com/modelcontextprotocol/go-sdk/jsonrpc"
	"github.com/modelcontextprotocol/go-sdk/mcp"

	"github.com/zscaler-mcp/zscaler-mcp/internal/prompts"
)

// describePrompt is the prompt as MCP clients list it; a default shows in
// the argument's description, since MCP arguments carry none of their own.
func describePrompt(p *prompts.Prompt) *mcp.Prompt {
	mp := &mcp.Prompt{Name: p.Name, Title: p.Title, Description: p.Description}
	for _, a := range p.Args {
		desc := a.Description
		if !a.Required && a.Default != "" {
			desc += " Default: " + a.Default + "."
		}
		mp.Arguments = append(mp.Arguments, &mcp.PromptArgument{Name: a.Name, Description: desc, Required: a.Required})
	}
	return mp
}

// promptHandler renders the playbook as one user message. Arguments that do
// not fit are refused as invalid params, naming the argument and the fix.
func promptHandler(p *prompts.Prompt) mcp.PromptHandler {
	return func(_ context.Context, req *mcp.GetPromptRequest) (*mcp.GetPromptResult, error) {
		args, err := p.Fill(req.Params.Arguments)
		if err != nil {
			return nil, &jsonrpc.Error{Code: jsonrpc.CodeInvalidParams, Message: err.Error()}
		}
		return &mcp.GetPromptResult{
			Description: p.Description,
			Messages:    []*mcp.PromptMessage{{Role: "user", Content: &mcp.TextContent{Text: p.Render(args)}}},
		}, nil
	}
}
