/** Iterable API keys are 32 hexadecimal digits. */
const LOOKS_LIKE_API_KEY = /^[0-9a-f]{32}$/i;

/**
 * Checks a job's `project`: a non-empty name that is not an API key (it is stored in Redis, in
 * job data and key names, readable by anyone with access to the server).
 * @throws TypeError saying what is wrong.
 */
export function checkProjectName(project: unknown): string {
  if (typeof project !== 'string' || project.trim() === '') {
    throw new TypeError('project must be a non-empty string naming the Iterable project (a name or id)');
  }
  if (LOOKS_LIKE_API_KEY.test(project)) {
    throw new TypeError(
      'project must not be an Iterable API key: job data is readable by anyone with access to Redis. ' +
        'Name the project, and let the resolver look its key up',
    );
  }
  return project;
}
