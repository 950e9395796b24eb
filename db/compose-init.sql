-- docker-compose only: Temporal keeps its own databases beside ours on the same server.
CREATE DATABASE temporal;
CREATE DATABASE temporal_visibility;
