"""Business services. Routers call services; services call repositories."""
