import { entryOf, known, operation, variable, type CatalogEntry, type ClassifyContext, type CommandClassifier, type Invocation } from "./classifier.js";
import type { Operation } from "./operation.js";
import { hasOption, optionValue, optionValues, scanArgs } from "./scan-args.js";
import type { ShellWord } from "./shell-word.js";
import { wordScopes } from "./workspace-paths.js";

export const DOCKER_CATALOG: readonly CatalogEntry[] = [
  {
    id: "docker.destroy",
    description: "removes volumes (where databases keep their data) or prunes everything",
    effect: "destroy",
    examples: ["docker volume rm pgdata", "docker volume prune -f", "docker system prune -a --volumes", "docker compose down -v", "docker-compose down --volumes"],
  },
  {
    id: "docker.local",
    description: "builds, pulls, starts, stops or removes local images and containers (local work)",
    effect: "write",
    examples: ["docker build -t app .", "docker pull postgres:16", "docker compose up -d", "docker stop web", "docker rm -f web", "docker rmi app:old", "docker tag app registry/app:1", "docker compose build", "docker image prune -f"],
  },
  {
    id: "docker.remote",
    description: "pushes images to a registry, logs in, or talks to a remote Docker host",
    effect: "write",
    examples: ["docker push registry.example.com/app:1", "docker login ghcr.io", "docker -H ssh://prod-host stop web", "docker --context prod stop web"],
  },
  {
    id: "docker.read",
    description: "lists or inspects images, containers, volumes and logs",
    effect: "read",
    examples: ["docker ps -a", "docker images", "docker logs -f web", "docker inspect web", "docker compose ps", "docker volume ls", "docker version", "docker system df"],
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

const READS = new Set(["ps", "images", "logs", "inspect", "version", "info", "stats", "top", "history", "search", "events", "port", "diff", "ls", "df", "config", "show", "list", "help", "inspect-image"]);
const LOCAL = new Set(["build", "pull", "tag", "create", "start", "stop", "restart", "kill", "pause", "unpause", "rm", "rmi", "prune", "up", "down", "wait", "rename", "update", "cp", "commit", "save", "load", "import", "export", "buildx", "builder", "use", "attach-x"]);

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
  const ops: Operation[] = [risky.length > 0 ? operation(inv, D("docker.host-access"), { ...fields, resources: [imageName, ...risky] }) : operation(inv, D("docker.run"), { ...fields, local: true })];
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
  if (verb === "exec") return exec(inv, ctx, rest, markers, "docker compose exec");
  if (verb === "run") return run(inv, ctx, rest, markers, "docker compose run");
  if (verb === "down" && rest.some((w) => w.text === "-v" || w.text === "--volumes")) return [operation(inv, D("docker.destroy"), fields)];
  if (verb === "rm" && rest.some((w) => w.text === "-v" || w.text === "--volumes")) return [operation(inv, D("docker.destroy"), fields)];
  if (READS.has(verb) || verb === "images" || verb === "top") return [operation(inv, D("docker.read"), fields)];
  if (LOCAL.has(verb) || verb === "push") return [operation(inv, D(verb === "push" ? "docker.remote" : "docker.local"), { ...fields, local: verb !== "push" })];
  return [operation(inv, D("docker.unknown"), fields)];
}

export const dockerClassifier: CommandClassifier = {
  commands: ["docker", "podman", "nerdctl", "docker-compose", "podman-compose"],
  catalog: DOCKER_CATALOG,
  classify(inv, ctx) {
    const g = scanArgs(inv.args, { valued: GLOBAL_VALUED, stopAtPositional: true });
    const remoteHost = known(optionValue(g, "-H", "--host", "--context")) ?? known(variable(inv, "DOCKER_HOST")) ?? known(variable(inv, "DOCKER_CONTEXT"));
    const markers = remoteHost ? [remoteHost] : [];
    if (inv.name.endsWith("-compose")) return compose(inv, ctx, inv.args, markers);
    const [sub, ...rest] = g.rest;
    if (!sub) return [operation(inv, D(hasOption(g, "--version", "-v") ? "docker.read" : "docker.unknown"), { target: "docker", service: "cli", verb: "", markers })];
    const verb = sub.text;
    // `docker container rm`, `docker image prune`: the object word comes first.
    const objects = ["container", "image", "volume", "network", "system", "builder", "context", "plugin", "secret", "config", "node", "service", "stack", "swarm", "manifest", "trust"];
    const object = objects.includes(verb) ? verb : "";
    const action = object ? (rest[0]?.text ?? "") : verb;
    const args = object ? rest.slice(1) : rest;
    const fields = { target: "docker" as const, service: object || "container", verb: object ? `${object} ${action}` : action, markers, resources: args.filter((w) => !w.text.startsWith("-")).map((w) => w.text) };
    if (!sub.literal) return [operation(inv, D("docker.unknown"), fields)];
    if (action === "compose") return compose(inv, ctx, args, markers);
    if (action === "run") return run(inv, ctx, args, markers, "docker run");
    if (action === "exec") return exec(inv, ctx, args, markers, "docker exec");
    if (object === "volume" && (action === "rm" || action === "prune" || action === "remove")) return [operation(inv, D("docker.destroy"), fields)];
    if (object === "system" && action === "prune" && args.some((w) => w.text === "--volumes")) return [operation(inv, D("docker.destroy"), fields)];
    if (["swarm", "node", "service", "stack", "secret", "config"].includes(object) && !READS.has(action)) return [operation(inv, D("docker.remote"), fields)];
    if (READS.has(action)) return [operation(inv, D("docker.read"), fields)];
    if (action === "push" || action === "login" || action === "logout") return [operation(inv, D("docker.remote"), fields)];
    if (LOCAL.has(action) || action === "remove") {
      // On a remote Docker host nothing is local.
      return [operation(inv, D(remoteHost ? "docker.remote" : "docker.local"), { ...fields, local: !remoteHost })];
    }
    return [operation(inv, D("docker.unknown"), fields)];
  },
};
