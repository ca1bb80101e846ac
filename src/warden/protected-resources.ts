/**
 * Resources whose delete or replace loses data or access that cannot be recreated: the plan gate
 * denies destroying them. Each family is one entry; globs match the terraform resource type (or
 * the Kubernetes kind) and also the address, so a policy can protect `module.db.*` the same way.
 */
export interface ProtectedFamily {
  id: string;
  why: string;
  globs: readonly string[];
  /** Types this family covers and look-alikes it must not (a test walks them). */
  examples: { protected: readonly string[]; notProtected: readonly string[] };
}

export const PROTECTED_FAMILIES: readonly ProtectedFamily[] = [
  {
    id: "databases",
    why: "a database: deleting or replacing it loses its data",
    globs: [
      "aws_db_instance", "aws_rds_cluster", "aws_rds_cluster_instance", "aws_rds_global_cluster", "aws_dynamodb_table", "aws_dynamodb_global_table",
      "aws_elasticache_cluster", "aws_elasticache_replication_group", "aws_elasticache_serverless_cache", "aws_redshift_cluster", "aws_docdb_cluster",
      "aws_docdb_cluster_instance", "aws_neptune_cluster", "aws_opensearch_domain", "aws_elasticsearch_domain", "aws_memorydb_cluster",
      "aws_keyspaces_keyspace", "aws_keyspaces_table", "aws_timestreamwrite_database", "google_sql_database", "google_sql_database_instance",
      "google_spanner_instance", "google_spanner_database", "google_bigtable_instance", "google_bigtable_table", "google_firestore_database",
      "google_bigquery_dataset", "google_bigquery_table", "google_redis_instance", "google_alloydb_cluster", "azurerm_*sql*", "azurerm_cosmosdb_*",
      "azurerm_postgresql_*", "azurerm_mysql_*", "azurerm_mariadb_*", "azurerm_redis_cache", "mongodbatlas_cluster", "mongodbatlas_advanced_cluster",
      "postgresql_database", "mysql_database",
    ],
    examples: { protected: ["aws_db_instance", "aws_rds_cluster", "google_sql_database_instance", "azurerm_mssql_database", "aws_dynamodb_table"], notProtected: ["aws_db_subnet_group", "aws_db_parameter_group", "aws_security_group"] },
  },
  {
    id: "storage",
    why: "a bucket, volume, file system or backup vault: deleting it loses what it stores (terraform state included)",
    globs: [
      "aws_s3_bucket", "aws_efs_file_system", "aws_ebs_volume", "aws_backup_vault", "aws_glacier_vault", "aws_fsx_*_file_system", "google_storage_bucket",
      "google_filestore_instance", "google_compute_disk", "azurerm_storage_account", "azurerm_storage_container", "azurerm_storage_share",
      "azurerm_managed_disk", "azurerm_recovery_services_vault", "tfe_workspace", "tfe_organization",
    ],
    examples: { protected: ["aws_s3_bucket", "google_storage_bucket", "azurerm_storage_account", "aws_ebs_volume"], notProtected: ["aws_s3_bucket_policy", "aws_s3_object", "aws_s3_bucket_versioning"] },
  },
  {
    id: "keys-and-secrets",
    why: "an encryption key or secret store: destroying it makes what it encrypted unreadable",
    globs: ["aws_kms_key", "aws_kms_replica_key", "aws_secretsmanager_secret", "google_kms_key_ring", "google_kms_crypto_key", "google_secret_manager_secret", "azurerm_key_vault", "azurerm_key_vault_key", "azurerm_key_vault_secret", "vault_mount"],
    examples: { protected: ["aws_kms_key", "google_kms_crypto_key", "azurerm_key_vault"], notProtected: ["aws_kms_alias", "aws_kms_grant"] },
  },
  {
    id: "dns-zones",
    why: "a DNS zone: recreating it changes its name servers and breaks delegation",
    globs: ["aws_route53_zone", "google_dns_managed_zone", "azurerm_dns_zone", "azurerm_private_dns_zone", "cloudflare_zone"],
    examples: { protected: ["aws_route53_zone", "google_dns_managed_zone"], notProtected: ["aws_route53_record", "google_dns_record_set"] },
  },
  {
    id: "identity",
    why: "identity and access: destroying it locks people or services out",
    globs: ["aws_iam_*", "aws_organizations_*", "google_*_iam_*", "google_service_account", "google_service_account_key", "azurerm_role_assignment", "azurerm_role_definition", "azurerm_user_assigned_identity", "azuread_*"],
    examples: { protected: ["aws_iam_role", "aws_iam_policy", "google_project_iam_member", "azurerm_role_assignment"], notProtected: ["aws_instance", "google_compute_instance"] },
  },
  {
    id: "kubernetes-data",
    why: "a namespace, volume or claim (or a CRD, which takes every custom object with it)",
    globs: [
      "kubernetes_persistent_volume_claim", "kubernetes_persistent_volume_claim_v1", "kubernetes_persistent_volume", "kubernetes_persistent_volume_v1",
      "kubernetes_namespace", "kubernetes_namespace_v1", "PersistentVolumeClaim", "PersistentVolume", "Namespace", "CustomResourceDefinition", "StorageClass",
    ],
    examples: { protected: ["kubernetes_namespace", "kubernetes_persistent_volume_claim_v1", "PersistentVolumeClaim", "Namespace"], notProtected: ["kubernetes_deployment", "Deployment", "ConfigMap"] },
  },
];
