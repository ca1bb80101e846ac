variable "environment" {
  type = string
}

variable "cidr_block" {
  type = string
}

# Stands in for the VPC.
resource "terraform_data" "vpc" {
  input = {
    name       = "payments-${var.environment}"
    cidr_block = var.cidr_block
  }
}

# Stands in for the private subnet the database lives in.
resource "terraform_data" "private_subnet" {
  input = {
    vpc        = terraform_data.vpc.output.name
    cidr_block = cidrsubnet(var.cidr_block, 4, 1)
  }
}

# Stands in for a NAT gateway (new in this change) so private workloads reach the internet.
resource "terraform_data" "nat_gateway" {
  input = {
    vpc    = terraform_data.vpc.output.name
    subnet = cidrsubnet(var.cidr_block, 4, 0)
  }
}

output "private_subnet_id" {
  value = terraform_data.private_subnet.output.cidr_block
}
