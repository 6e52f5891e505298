package mockapi

import (
	"net/http"
	"strings"
	"time"
)

// The tier endpoints (contract §5.10). Both roll out a new revision (same
// configuration, new tier) and answer 200 with the Deployment. Which
// deployments count as serverless is left open by the contract (§12); the
// mock decides by deployment_type: the scale-to-zero types (dev_zero,
// dev_free_zero, labelled "Serverless" in the UI) are serverless, the others
// dedicated. A tier of the other family is a 400, as is a database tier on a
// serverless deployment.

var deploymentTierSchema = model(req("deployment_tier", enum(deploymentTiers...)))

var resourceTiersSchema = model(
	nullable("compute_tier", enum(deploymentTiers...)),
	nullable("database_tier", enum(deploymentTiers...)),
)

// serverless reports whether d takes SERVERLESS_* tiers.
func (d *deployment) serverless() bool {
	return d.deploymentType == "dev_zero" || d.deploymentType == "dev_free_zero"
}

// tierError is the refusal of tier for the field of d, or "".
func tierError(d *deployment, field, tier string) string {
	family := "DEDICATED_"
	kind := "dedicated"
	if d.serverless() {
		family, kind = "SERVERLESS_", "serverless"
	}
	if field == "database_tier" {
		if d.serverless() {
			return "database_tier applies only to dedicated deployments; this deployment is serverless."
		}
		if !strings.HasPrefix(tier, "DEDICATED_") {
			return "database_tier must be a DEDICATED_* tier, got " + tier + "."
		}
		return ""
	}
	if !strings.HasPrefix(tier, family) {
		return field + " " + tier + " does not match this " + kind + " deployment: " + kind + " deployments take " + family + "* tiers."
	}
	return ""
}

// setTier applies a deployment tier: compute and database tiers follow it
// unless they were set of their own.
func (d *deployment) setTier(tier string) {
	d.deploymentTier = &tier
	if !d.computeTierOwn {
		d.computeTier = &tier
	}
	if !d.databaseTierOwn {
		if strings.HasPrefix(tier, "DEDICATED_") {
			d.databaseTier = &tier
		} else {
			d.databaseTier = nil
		}
	}
}

func (s *Server) patchDeploymentTier(c *call) {
	id := c.pathUUID("deployment_id")
	body := c.bodyModel(deploymentTierSchema)
	if c.invalid() {
		return
	}
	d := s.findDeployment(c.tenant, id, false)
	if d == nil {
		c.detail(http.StatusNotFound, "Deployment ID "+id+" not found.")
		return
	}
	tier, _ := body["deployment_tier"].(string)
	if msg := tierError(d, "deployment_tier", tier); msg != "" {
		c.detail(http.StatusBadRequest, msg)
		return
	}
	rv := s.tierRevision(d, c.now)
	if rv == nil {
		c.detail(http.StatusBadRequest, "The deployment's configuration cannot be rolled out again.")
		return
	}
	d.setTier(tier)
	c.json(http.StatusOK, s.renderDeployment(d, c.now, rv, true))
}

func (s *Server) patchResourceTiers(c *call) {
	id := c.pathUUID("deployment_id")
	body := c.bodyModel(resourceTiersSchema)
	if c.invalid() {
		return
	}
	compute, _ := body["compute_tier"].(string)
	database, _ := body["database_tier"].(string)
	if compute == "" && database == "" {
		c.v.add("value_error", []any{"body"}, "Value error, at least one of compute_tier or database_tier is required", body, map[string]any{"error": map[string]any{}})
		c.invalid()
		return
	}
	d := s.findDeployment(c.tenant, id, false)
	if d == nil {
		c.detail(http.StatusNotFound, "Deployment ID "+id+" not found.")
		return
	}
	for field, tier := range map[string]string{"compute_tier": compute, "database_tier": database} {
		if tier == "" {
			continue
		}
		if msg := tierError(d, field, tier); msg != "" {
			c.detail(http.StatusBadRequest, msg)
			return
		}
	}
	rv := s.tierRevision(d, c.now)
	if rv == nil {
		c.detail(http.StatusBadRequest, "The deployment's configuration cannot be rolled out again.")
		return
	}
	if compute != "" {
		d.computeTier, d.computeTierOwn = &compute, true
	}
	if database != "" {
		d.databaseTier, d.databaseTierOwn = &database, true
	}
	c.json(http.StatusOK, s.renderDeployment(d, c.now, rv, true))
}

// tierRevision rolls out the latest configuration again as a new revision.
func (s *Server) tierRevision(d *deployment, now time.Time) *revision {
	rv, status, _ := s.applyPatch(d, map[string]any{}, true, now)
	if status != 0 {
		return nil
	}
	return rv
}
