package runtime

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"mime"
	"strings"
)

// RPCError is a JSON-RPC error object.
type RPCError struct {
	Code    int             `json:"code"`
	Message string          `json:"message"`
	Data    json.RawMessage `json:"data,omitempty"`
}

func (e *RPCError) Error() string { return fmt.Sprintf("JSON-RPC error %d: %s", e.Code, e.Message) }

// RPCMessage is one JSON-RPC message of a response body.
type RPCMessage struct {
	JSONRPC string          `json:"jsonrpc"`
	ID      json.RawMessage `json:"id,omitempty"`
	Method  string          `json:"method,omitempty"`
	Result  json.RawMessage `json:"result,omitempty"`
	Error   *RPCError       `json:"error,omitempty"`
}

// IsResponse reports whether the message answers a request.
func (m *RPCMessage) IsResponse() bool {
	return m.Method == "" && len(m.ID) > 0 && (m.Result != nil || m.Error != nil)
}

// Response is one runtime answer.
type Response struct {
	Status       int
	ContentType  string
	McpSessionID string
	SessionID    string // the runtime session id AgentCore used
	Body         []byte
	Messages     []RPCMessage
}

// ParseBody parses a JSON or SSE body into JSON-RPC messages. An SSE body
// may hold several events (progress notifications, server requests, the
// response); each event's data lines are joined with "\n" as the SSE spec
// says. A JSON body may be one message or a batch.
func ParseBody(contentType string, body []byte) ([]RPCMessage, error) {
	mt, _, _ := mime.ParseMediaType(contentType)
	trimmed := bytes.TrimSpace(body)
	if mt == "text/event-stream" || (mt == "" && (bytes.HasPrefix(trimmed, []byte("data:")) || bytes.HasPrefix(trimmed, []byte("event:")) || bytes.HasPrefix(trimmed, []byte(":")))) {
		return parseSSE(body)
	}
	if len(trimmed) == 0 {
		return nil, nil
	}
	return parseJSONMessages(trimmed)
}

func parseJSONMessages(b []byte) ([]RPCMessage, error) {
	if b[0] == '[' {
		var batch []RPCMessage
		if err := json.Unmarshal(b, &batch); err != nil {
			return nil, fmt.Errorf("the body is not JSON-RPC: %w", err)
		}
		return batch, nil
	}
	var m RPCMessage
	if err := json.Unmarshal(b, &m); err != nil {
		return nil, fmt.Errorf("the body is not JSON-RPC: %w (%s)", err, snippet(b))
	}
	return []RPCMessage{m}, nil
}

func parseSSE(body []byte) ([]RPCMessage, error) {
	var out []RPCMessage
	var data []string
	flush := func() error {
		if len(data) == 0 {
			return nil
		}
		payload := strings.TrimSpace(strings.Join(data, "\n"))
		data = data[:0]
		if payload == "" {
			return nil
		}
		msgs, err := parseJSONMessages([]byte(payload))
		if err != nil {
			return fmt.Errorf("an SSE event: %w", err)
		}
		out = append(out, msgs...)
		return nil
	}
	sc := bufio.NewScanner(bytes.NewReader(body))
	sc.Buffer(make([]byte, 64*1024), 64<<20)
	for sc.Scan() {
		line := strings.TrimSuffix(sc.Text(), "\r")
		switch {
		case line == "":
			if err := flush(); err != nil {
				return out, err
			}
		case strings.HasPrefix(line, ":"): // comment / keep-alive
		case strings.HasPrefix(line, "data:"):
			v := strings.TrimPrefix(line, "data:")
			data = append(data, strings.TrimPrefix(v, " "))
		default: // event:, id:, retry: carry nothing we need
		}
	}
	if err := sc.Err(); err != nil {
		return out, fmt.Errorf("reading the event stream: %w", err)
	}
	return out, flush()
}

// Final is the JSON-RPC response to the request with the given id: the
// last response with that id, else the last response of the body.
func (r *Response) Final(id json.RawMessage) (*RPCMessage, bool) {
	if id != nil {
		for i := len(r.Messages) - 1; i >= 0; i-- {
			m := &r.Messages[i]
			if m.IsResponse() && bytes.Equal(bytes.TrimSpace(m.ID), bytes.TrimSpace(id)) {
				return m, true
			}
		}
	}
	for i := len(r.Messages) - 1; i >= 0; i-- {
		if m := &r.Messages[i]; m.IsResponse() {
			return m, true
		}
	}
	return nil, false
}

func snippet(b []byte) string {
	s := strings.TrimSpace(string(b))
	if len(s) > 300 {
		s = s[:300] + "…"
	}
	return s
}
