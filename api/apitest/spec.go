package apitest

import (
	"context"
	"fmt"

	"github.com/getkin/kin-openapi/openapi3"

	"github.com/casewatch/casewatch/api"
)

// LoadSpec parses api.Spec and validates it as an OpenAPI document. Every
// call returns a fresh *openapi3.T, so callers may modify theirs. It lives
// here, beside the validator, and not in package api, so that only tests
// link kin-openapi.
func LoadSpec() (*openapi3.T, error) {
	ctx := context.Background()
	loader := openapi3.NewLoader()
	loader.Context = ctx
	doc, err := loader.LoadFromData(api.Spec)
	if err != nil {
		return nil, fmt.Errorf("api: load openapi.yaml: %w", err)
	}
	if err := doc.Validate(ctx); err != nil {
		return nil, fmt.Errorf("api: validate openapi.yaml: %w", err)
	}
	return doc, nil
}
