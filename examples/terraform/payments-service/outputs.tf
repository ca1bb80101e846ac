output "api_image" {
  value = terraform_data.api_deployment.output.image
}

output "database_url" {
  value     = "postgres://payments:${var.db_password}@${terraform_data.database.output.identifier}.internal:5432/payments"
  sensitive = true
}
