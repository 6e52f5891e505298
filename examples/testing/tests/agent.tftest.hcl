# terraform test (Terraform 1.6+, OpenTofu 1.6+) against the mock Control
# Plane. The mock runs before the test starts; the provider finds it through
# LANGSMITH_CONTROL_PLANE_URL and LANGSMITH_API_KEY (see
# scripts/test-example.sh). Every run shares one state; at the end terraform
# test destroys what the runs created.

variables {
  name = "test-support-agent"
}

run "plans_a_github_deployment" {
  command = plan

  assert {
    condition     = langsmith_deployment.agent.source_config.repo_url == "https://github.com/acme/support-agent"
    error_message = "The deployment should build acme/support-agent."
  }
}

run "deploys" {
  assert {
    condition     = langsmith_deployment.agent.latest_revision_status == "DEPLOYED"
    error_message = "The first revision should be DEPLOYED once apply returns."
  }

  assert {
    condition     = startswith(output.url, "https://")
    error_message = "The deployment should have a serving URL."
  }
}

run "changes_a_variable_with_a_new_revision" {
  variables {
    log_level = "debug"
  }

  assert {
    condition     = langsmith_deployment.agent.environment_variables["LOG_LEVEL"] == "debug"
    error_message = "LOG_LEVEL should be debug."
  }

  assert {
    condition     = langsmith_deployment.agent.latest_revision_status == "DEPLOYED"
    error_message = "The new revision should be DEPLOYED once apply returns."
  }
}

run "rejects_a_bad_name" {
  command = plan

  variables {
    name = "Support_Agent"
  }

  expect_failures = [var.name]
}
