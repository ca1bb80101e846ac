# A small payments stack. Every resource is terraform_data (built into terraform, no provider
# download) standing in for the cloud resource named in its comment, so the plan is real.

module "network" {
  source      = "./modules/network"
  environment = var.environment
  cidr_block  = "10.20.0.0/16"
}

# Stands in for an RDS PostgreSQL instance: a new engine version forces a rebuild.
resource "terraform_data" "database" {
  input = {
    identifier     = "payments-${var.environment}"
    engine         = "postgres"
    engine_version = var.db_engine_version
    subnet_id      = module.network.private_subnet_id
    password       = var.db_password
  }
  triggers_replace = [var.db_engine_version]
}

# Stands in for the Kubernetes deployment of the payments API.
resource "terraform_data" "api_deployment" {
  input = {
    image    = "ghcr.io/acme/payments-api:${var.app_version}"
    replicas = var.replicas
    database = terraform_data.database.output.identifier
  }
}

# Stands in for an SQS queue of payment events (new in this change).
resource "terraform_data" "events_queue" {
  input = {
    name                       = "payments-events-${var.environment}"
    visibility_timeout_seconds = 60
  }
}

# terraform_data.legacy_worker was removed from this file: the plan destroys it.
