# Terraform 1.12 and newer: import by identity. workspace_id is optional; it
# defaults to the provider's workspace.
import {
  to = langsmith_deployment.agent
  identity = {
    id           = "5f0c6a1e-2b3d-4c5e-9f60-718293a4b5c6"
    workspace_id = "9b1c2d3e-4f50-4a6b-8c7d-0e1f2a3b4c5d"
  }
}
