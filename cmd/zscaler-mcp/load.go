package main

import (
	"context"
	"errors"
	"fmt"
	"os"
	"time"

	"github.com/spf13/cobra"

	"github.com/zscaler-mcp/zscaler-mcp/internal/config"
	"github.com/zscaler-mcp/zscaler-mcp/internal/dotenv"
	"github.com/zscaler-mcp/zscaler-mcp/internal/secretstore"
)

// settings is the resolved configuration and, when it came from Secrets
// Manager, the store it can be re-read from.
type settings struct {
	cfg   *config.Config
	store *secretstore.Store
}

// loadSettings resolves the configuration: flags, then the secret named by
// ZSCALER_SECRET_NAME (its values override the environment, as the seed
// guide's "injected into environment variables" promises), then the
// environment, then the .env file. Loading logs through the
// zscaler_mcp.config logger at INFO, whatever the log level, because the
// seed's troubleshooting greps look for those lines.
func loadSettings(ctx context.Context, cmd *cobra.Command) (*settings, error) {
	logger := newLogger("info").With("logger", secretstore.LoggerName)
	env := config.Environment()

	path, _ := cmd.Flags().GetString("dotenv-path")
	explicit := path != ""
	if !explicit {
		path = ".env"
	}
	var dot map[string]string
	if _, err := os.Stat(path); err == nil {
		if dot, err = dotenv.Read(path); err != nil {
			return nil, &config.Error{Problems: []string{err.Error()}}
		}
		if insecure, _ := dotenv.Insecure(path); insecure && holdsSecret(dot) {
			logger.Warn("the .env file holds secrets and is readable by other users; run chmod 600 on it", "path", path)
		}
	} else if explicit {
		return nil, &config.Error{Problems: []string{fmt.Sprintf("--dotenv-path: %s cannot be read (%v)", path, errors.Unwrap(err))}}
	}
	dotSource := config.Map(".env file "+path, dot)

	name, _ := env.Lookup("ZSCALER_SECRET_NAME")
	if name == "" {
		name = dot["ZSCALER_SECRET_NAME"]
	}
	sources := []config.Source{env, dotSource}
	var store *secretstore.Store
	if name == "" {
		logger.Info(secretstore.NotConfiguredMessage())
	} else {
		ctx, cancel := context.WithTimeout(ctx, 60*time.Second)
		defer cancel()
		var err error
		if store, err = secretstore.New(ctx, secretstore.Options{SecretID: name, Logger: logger}); err != nil {
			return nil, err
		}
		values, err := store.Load(ctx)
		if err != nil {
			return nil, err
		}
		sources = append([]config.Source{config.Map("secret "+name, values)}, sources...)
	}
	cfg, err := config.LoadFrom(cmd.Flags(), sources...)
	if err != nil {
		return nil, err
	}
	return &settings{cfg: cfg, store: store}, nil
}

func holdsSecret(m map[string]string) bool {
	for k := range m {
		if secretstore.SecretKeys[k] {
			return true
		}
	}
	return false
}
