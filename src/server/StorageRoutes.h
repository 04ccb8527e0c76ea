#pragma once
// The routes of the REST API by group. Each maps the request onto one command of the shared
// catalogue (the CLI's, whose --json data is the answer) or one call on the async API.

namespace hawkmoth {

class CommandRunner;
class JobWaiter;
class RestRouter;

void addWorkspaceRoutes(RestRouter &router, const CommandRunner &runner);
void addFileRoutes(RestRouter &router, const CommandRunner &runner);
void addGitRoutes(RestRouter &router, const CommandRunner &runner, JobWaiter &waiter);
void addJobRoutes(RestRouter &router, const CommandRunner &runner);

} // namespace hawkmoth
