variable "environment" {
  description = "Deployment environment name."
  type        = string
  default     = "staging"
}

variable "app_version" {
  description = "Container image tag of the payments API."
  type        = string
  default     = "1.5.0"
}

variable "replicas" {
  description = "Number of API replicas."
  type        = number
  default     = 3
}

variable "db_engine_version" {
  description = "PostgreSQL major version. Changing it rebuilds the database."
  type        = string
  default     = "16"
}

variable "db_password" {
  description = "Master password of the payments database."
  type        = string
  sensitive   = true
}
