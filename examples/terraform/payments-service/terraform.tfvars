# Example-only credential: it shows that the report never prints sensitive values.
db_password = "example-only-Pa55w0rd-7f3a9c"
