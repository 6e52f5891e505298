# A deployment is imported by its ID, or by workspace ID and deployment ID.
# Imported environment variables land in `secrets`, since the API does not say
# which are secret; the first apply that moves some to `environment_variables`
# changes nothing on the API side.
terraform import langsmith_deployment.agent 5f0c6a1e-2b3d-4c5e-9f60-718293a4b5c6
terraform import langsmith_deployment.agent 9b1c2d3e-4f50-4a6b-8c7d-0e1f2a3b4c5d/5f0c6a1e-2b3d-4c5e-9f60-718293a4b5c6
