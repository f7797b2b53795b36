// Kubernetes API types arrive with the control-plane issue.
