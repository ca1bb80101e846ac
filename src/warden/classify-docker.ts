import { entryOf, known, operation, variable, type CatalogEntry, type ClassifyContext, type CommandClassifier, type Invocation } from "./classifier.js";
import { pointerFlagOperations } from "./config-pointers.js";
import type { Operation } from "./operation.js";
import { hasOption, optionValue, optionValues, scanArgs } from "./scan-args.js";
import type { ShellWord } from "./shell-word.js";
import { wordScopes } from "./workspace-paths.js";

export const DOCKER_CATALOG: readonly CatalogEntry[] = [
  {
    id: "docker.destroy",
    description: "removes containers, images, volumes (where databases keep their data), networks or swarm objects, or prunes them: what was there is gone",
    effect: "destroy",
    examples: [
      "docker volume rm pgdata", "docker volume prune -f", "docker system prune -a --volumes", "docker compose down -v", "docker-compose down --volumes",
      "docker system prune -af", "docker image prune --all", "docker image prune -f", "docker rm -v web", "docker rm --force web", "docker rm web", "docker rmi app:old",
      "docker network rm backend", "docker network prune", "docker compose down --rmi all", "docker compose down", "docker service rm api", "docker secret rm db_password",
      "docker node rm worker-2", "docker stack rm web", "docker container prune", "docker builder prune -af", "podman system prune -af", "podman rmi -a", "podman pod rm -f mypod",
      "podman system reset", "podman machine rm", "docker -H ssh://prod-host rm -f web", "podman kube down pod.yaml", "docker swarm leave --force",
    ],
  },
  {
    id: "docker.local",
    description: "builds, pulls, creates, stops or tags local images and containers (local work)",
    effect: "write",
    examples: ["docker build -t app .", "docker pull postgres:16", "docker stop web", "docker tag app registry/app:1", "docker compose build", "docker compose stop", "docker network create backend", "podman pod create --name mypod", "podman build -t app .", "podman machine start"],
  },
  {
    id: "docker.start",
    description: "starts containers whose command comes from a compose file, a kube YAML or the container's own settings: what runs is not in the command line",
    effect: "unknown",
    examples: ["docker compose up -d", "docker-compose up --build", "docker compose restart web", "docker start web", "docker restart web", "podman play kube pod.yaml", "podman kube play pod.yaml", "podman-compose up -d", "podman pod start mypod", "docker compose run --rm web python manage.py migrate"],
  },
  {
    id: "docker.remote",
    description: "pushes images to a registry, logs in, or talks to a remote Docker host",
    effect: "write",
    examples: ["docker push registry.example.com/app:1", "docker login ghcr.io", "docker buildx build --push -t registry.example.com/app:1 .", "docker build --output type=registry -t r/app .", "docker compose build --push", "docker -H ssh://prod-host stop web", "docker --context prod stop web", "docker --context prod run --rm alpine ls", "DOCKER_HOST=ssh://prod docker compose stop"],
  },
  {
    id: "docker.read",
    description: "lists or inspects images, containers, volumes and logs",
    effect: "read",
    examples: ["docker ps -a", "docker images", "docker logs -f web", "docker inspect web", "docker compose ps", "docker volume ls", "docker version", "docker system df", "podman ps -a", "podman pod ps", "podman generate kube mypod", "podman machine list", "docker rm --help", "docker volume rm --help", "docker swarm join-token worker"],
  },
  {
    id: "docker.run",
    description: "runs a container; its command is judged as if run there (nothing there is the workspace)",
    effect: "write",
    examples: ["docker run --rm alpine ls /", "docker run -d --name web -p 8080:80 nginx:1.27 nginx -g 'daemon off;'"],
  },
  {
    id: "docker.host-access",
    description: "runs a container with the host's root, devices or outside paths mounted, or privileged: it can change the host",
    effect: "write",
    examples: ["docker run --rm -v /:/host alpine ls /host", "docker run --privileged --rm alpine ls", "docker run --pid=host --rm alpine ps"],
  },
  {
    id: "docker.exec",
    description: "runs a command in a container; judged as if run there",
    effect: "destroy",
    delegates: true,
    examples: ["docker exec db psql -U postgres -c 'DROP DATABASE app'", "docker compose exec web rm -rf /data"],
  },
  {
    id: "docker.unknown",
    description: "runs an image's own entrypoint, an interactive shell, or a docker command Warden does not know",
    effect: "unknown",
    examples: ["docker run --rm some/image", "docker exec web", "docker frobnicate"],
  },
];

const D = (id: string) => entryOf(DOCKER_CATALOG, id);

const RUN_VALUED = [
  "-e", "--env", "-v", "--volume", "-p", "--publish", "--name", "-w", "--workdir", "--entrypoint", "--network", "--net", "-u", "--user",
  "--mount", "--env-file", "-l", "--label", "--platform", "--restart", "-m", "--memory", "--cpus", "--add-host", "--device",
  "--cap-add", "--cap-drop", "-h", "--hostname", "--log-driver", "--log-opt", "--pull", "--gpus", "--ipc", "--pid", "--shm-size",
  "--ulimit", "--tmpfs", "--volumes-from", "--security-opt", "--health-cmd", "--cidfile", "--dns", "--expose", "--link",
  "--memory-swap", "--runtime", "--stop-signal", "--stop-timeout", "--userns", "--uts", "-a", "--attach", "--detach-keys",
  "--cgroupns", "--cpu-shares", "-c", "--cpuset-cpus", "--init-path", "--ip", "--isolation", "--label-file", "--mac-address",
];
const EXEC_VALUED = ["-e", "--env", "-u", "--user", "-w", "--workdir", "--env-file", "--detach-keys"];
const GLOBAL_VALUED = ["-H", "--host", "--context", "-c", "--config", "-l", "--log-level", "--tlscacert", "--tlscert", "--tlskey"];

const READS = new Set(["exists", "join-token", "ps", "images", "logs", "inspect", "version", "info", "stats", "top", "history", "search", "events", "port", "diff", "ls", "df", "config", "show", "list", "help", "inspect-image"]);
const LOCAL = new Set(["build", "pull", "tag", "create", "stop", "kill", "pause", "unpause", "wait", "rename", "update", "cp", "commit", "save", "load", "import", "export", "use", "connect", "disconnect", "bake", "init", "mount", "unmount", "umount", "untag"]);
/** Actions that remove what they name, whatever the object (`rm`, `image prune`, `system reset`). */
const DESTROYS = new Set(["rm", "rmi", "remove", "prune", "reset", "down"]);
/** Actions that start containers whose command is not on the line: the image's, the file's, the container's. */
const STARTS = new Set(["up", "start", "restart", "play"]);
/** `docker container rm`, `docker image prune`, `podman pod rm`: the object word comes first. */
const OBJECTS = ["container", "image", "volume", "network", "system", "builder", "buildx", "context", "plugin", "secret", "config", "node", "service", "stack", "swarm", "manifest", "trust", "pod", "machine", "kube", "generate", "play"];
/** Objects that live in a swarm, not on this machine. */
const SWARM = ["swarm", "node", "service", "stack", "secret", "config"];

/**
 * `docker rm --help`, `docker volume rm --help`: the CLI reads the whole line and only prints help.
 * Not for `run`/`exec`, whose words after the image or container are the container's command.
 */
function asksForHelp(action: string, args: readonly ShellWord[]): boolean {
  if (action === "run" || action === "exec") return false;
  for (const w of args) {
    if (!w.literal || w.text === "--") return false;
    if (w.text === "--help") return true;
  }
  return false;
}

/** `build --push`, `buildx build --output type=registry`: the image goes to a registry, not just here. */
function pushesImage(action: string, args: readonly ShellWord[]): boolean {
  if (action !== "build" && action !== "bake") return false;
  return args.some((w, i) => w.text === "--push" || /^(?:--output=|-o)?(?:.*,)?type=(?:registry|image,.*push=true)/.test(w.text) || ((w.text === "--output" || w.text === "-o") && /type=registry|push=true/.test(args[i + 1]?.text ?? "")));
}

/** Host paths a container gets (`-v /:/host`): anything outside the workspace lets it change the host. */
function hostAccess(inv: Invocation, ctx: ClassifyContext, a: ReturnType<typeof scanArgs>): string[] {
  const risky: string[] = [];
  for (const v of optionValues(a, "-v", "--volume")) {
    const source = v.text.split(":")[0] ?? "";
    if (!source.startsWith("/") && !source.startsWith(".") && !source.startsWith("~")) continue;
    const scopes = wordScopes(inv.command.context, { ...v, text: source }, ctx.workspace);
    if (!scopes.every((s) => s === "workspace" || s === "temp")) risky.push(v.text);
  }
  for (const m of optionValues(a, "--mount")) {
    const source = /(?:^|,)(?:source|src)=([^,]+)/.exec(m.text)?.[1];
    if (source && /type=bind/.test(m.text)) {
      const scopes = wordScopes(inv.command.context, { ...m, text: source }, ctx.workspace);
      if (!scopes.every((s) => s === "workspace" || s === "temp")) risky.push(m.text);
    }
  }
  if (hasOption(a, "--privileged")) risky.push("--privileged");
  for (const name of ["--pid", "--network", "--net", "--ipc", "--uts", "--userns"]) if (optionValue(a, name)?.text === "host") risky.push(`${name}=host`);
  if (hasOption(a, "--device", "--cap-add")) risky.push("--device/--cap-add");
  return risky;
}

function run(inv: Invocation, ctx: ClassifyContext, args: readonly ShellWord[], markers: string[], via: string): Operation[] {
  const a = scanArgs(args, { valued: RUN_VALUED, stopAtPositional: true });
  const [image, ...command] = a.rest;
  const imageName = image?.text ?? "";
  const fields = { target: "docker" as const, service: "container", verb: "run", markers, resources: [imageName] };
  const risky = hostAccess(inv, ctx, a);
  const ops: Operation[] = [risky.length > 0 ? operation(inv, D("docker.host-access"), { ...fields, resources: [imageName, ...risky] }) : operation(inv, D(markers.length > 0 ? "docker.remote" : "docker.run"), { ...fields, local: markers.length === 0 })];
  const entrypoint = optionValue(a, "--entrypoint");
  const argv = entrypoint ? [entrypoint, ...command] : command;
  if (argv.length === 0) {
    ops.push(operation(inv, D("docker.unknown"), { ...fields, verb: "run (image entrypoint)" }));
    return ops;
  }
  ops.push(...ctx.inner(argv, inv, { via, location: { kind: "remote", via, name: imageName }, markers: [...markers, imageName] }));
  return ops;
}

function exec(inv: Invocation, ctx: ClassifyContext, args: readonly ShellWord[], markers: string[], via: string): Operation[] {
  const a = scanArgs(args, { valued: EXEC_VALUED, stopAtPositional: true });
  const [container, ...command] = a.rest;
  const name = container?.text ?? "";
  if (command.length === 0) return [operation(inv, D("docker.unknown"), { target: "docker", service: "container", verb: "exec", markers, resources: [name] })];
  return ctx.inner(command, inv, { via, location: { kind: "remote", via, name }, markers: [...markers, name] });
}

function compose(inv: Invocation, ctx: ClassifyContext, args: readonly ShellWord[], markers: string[]): Operation[] {
  const a = scanArgs(args, { valued: ["-f", "--file", "-p", "--project-name", "--profile", "--env-file", "--project-directory", "--ansi", "--progress", "--parallel"], stopAtPositional: true });
  const [sub, ...rest] = a.rest;
  const verb = sub?.text ?? "";
  const fields = { target: "docker" as const, service: "compose", verb: `compose ${verb}`, markers, resources: optionValues(a, "-p", "--project-name").map((w) => w.text) };
  if (asksForHelp(verb, rest)) return [operation(inv, D("docker.read"), { ...fields, verb: `${fields.verb} --help` })];
  if (verb === "exec") return exec(inv, ctx, rest, markers, "docker compose exec");
  // The service's image, entrypoint, mounts and dependencies come from the compose file, as with `up`.
  if (verb === "run") return [operation(inv, D("docker.start"), fields), ...run(inv, ctx, rest, markers, "docker compose run")];
  if (DESTROYS.has(verb)) return [operation(inv, D("docker.destroy"), fields)];
  if (STARTS.has(verb)) return [operation(inv, D("docker.start"), fields)];
  if (READS.has(verb) || verb === "images" || verb === "top") return [operation(inv, D("docker.read"), fields)];
  if (pushesImage(verb, rest)) return [operation(inv, D("docker.remote"), fields)];
  // On a remote Docker host (`-H`, `--context`, DOCKER_HOST) nothing is local.
  if (LOCAL.has(verb) || verb === "push") return [operation(inv, D(verb === "push" || markers.length > 0 ? "docker.remote" : "docker.local"), { ...fields, local: verb !== "push" && markers.length === 0 })];
  return [operation(inv, D("docker.unknown"), fields)];
}

export const dockerClassifier: CommandClassifier = {
  commands: ["docker", "podman", "nerdctl", "docker-compose", "podman-compose"],
  catalog: DOCKER_CATALOG,
  classify(inv, ctx) {
    const g = scanArgs(inv.args, { valued: GLOBAL_VALUED, stopAtPositional: true });
    const pointers = pointerFlagOperations(inv, g, ctx.workspace);
    if (pointers.length > 0) return pointers;
    const remoteHost = known(optionValue(g, "-H", "--host", "--context")) ?? known(variable(inv, "DOCKER_HOST")) ?? known(variable(inv, "DOCKER_CONTEXT"));
    const markers = remoteHost ? [remoteHost] : [];
    if (inv.name.endsWith("-compose")) return compose(inv, ctx, inv.args, markers);
    const [sub, ...rest] = g.rest;
    if (!sub) return [operation(inv, D(hasOption(g, "--version", "-v") ? "docker.read" : "docker.unknown"), { target: "docker", service: "cli", verb: "", markers })];
    const verb = sub.text;
    const object = OBJECTS.includes(verb) ? verb : "";
    const action = object ? (rest[0]?.text ?? "") : verb;
    const args = object ? rest.slice(1) : rest;
    const fields = { target: "docker" as const, service: object || "container", verb: object ? `${object} ${action}` : action, markers, resources: args.filter((w) => !w.text.startsWith("-")).map((w) => w.text) };
    if (!sub.literal || (object && rest[0] !== undefined && !rest[0].literal)) return [operation(inv, D("docker.unknown"), fields)];
    if (action === "compose") return compose(inv, ctx, args, markers);
    if (asksForHelp(action, args)) return [operation(inv, D("docker.read"), { ...fields, verb: `${fields.verb} --help` })];
    if (action === "run") return run(inv, ctx, args, markers, "docker run");
    if (action === "exec") return exec(inv, ctx, args, markers, "docker exec");
    if (DESTROYS.has(action) || (object === "swarm" && action === "leave" && args.some((w) => w.text === "-f" || w.text === "--force")) || (object === "machine" && action === "reset")) return [operation(inv, D("docker.destroy"), fields)];
    // `podman kube play FILE`, `podman play kube FILE`: pods as a YAML file says.
    // A podman machine is a VM booted from its own image, not a container run from a file.
    if ((STARTS.has(action) && object !== "machine") || (object === "play" && action === "kube")) return [operation(inv, D("docker.start"), fields)];
    if (object === "generate" || (object === "kube" && action === "generate")) return [operation(inv, D(args.some((w) => w.text === "--files" || w.text === "-f") ? "docker.local" : "docker.read"), { ...fields, local: true })];
    if (SWARM.includes(object) && !READS.has(action)) return [operation(inv, D("docker.remote"), fields)];
    if (READS.has(action)) return [operation(inv, D("docker.read"), fields)];
    if (action === "push" || action === "login" || action === "logout") return [operation(inv, D("docker.remote"), fields)];
    if (object === "machine" && action === "start") return [operation(inv, D("docker.local"), { ...fields, local: true })];
    if (pushesImage(action, args)) return [operation(inv, D("docker.remote"), fields)];
    if (LOCAL.has(action)) {
      // On a remote Docker host nothing is local.
      return [operation(inv, D(remoteHost ? "docker.remote" : "docker.local"), { ...fields, local: !remoteHost })];
    }
    return [operation(inv, D("docker.unknown"), fields)];
  },
};
