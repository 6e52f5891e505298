# Terraform 1.12 and newer: import by identity. workspace_id (optional)
# defaults to the provider's workspace.
import {
  to = langsmith_listener.prod_eu
  identity = {
    id = "3b8e2f4a-6c1d-4e9b-8a7f-2d5c6b4a3e1f"
  }
}
