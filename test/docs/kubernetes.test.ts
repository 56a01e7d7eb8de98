import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { parseAllDocuments } from "yaml";
import { environmentSchema } from "../../src/settings.js";

// The Kubernetes example in docs/install.md: the parts that must agree with the app.
const manifests = parseAllDocuments(readFileSync(new URL("../../docs/kubernetes.yaml", import.meta.url), "utf8")).map((doc) => doc.toJS());
const dockerfile = readFileSync(new URL("../../Dockerfile", import.meta.url), "utf8");

const find = (kind: string, name: string): any => manifests.find((m) => m.kind === kind && m.metadata.name === name);

describe("the Kubernetes example (docs/kubernetes.yaml)", () => {
  const app = find("Deployment", "call-in");
  const container = app.spec.template.spec.containers[0];

  it("runs several replicas sharing one ReadWriteMany volume for DATA_DIR and one Redis", () => {
    expect(app.spec.replicas).toBeGreaterThan(1);
    const claim = find("PersistentVolumeClaim", "call-in-data");
    expect(claim.spec.accessModes).toStrictEqual(["ReadWriteMany"]);
    const env = Object.fromEntries(container.env.map((e: { name: string; value: string }) => [e.name, e.value]));
    const mount = container.volumeMounts.find((m: { name: string }) => m.name === "data");
    expect(mount.mountPath).toBe(env.DATA_DIR);
    expect(app.spec.template.spec.volumes).toContainEqual({ name: "data", persistentVolumeClaim: { claimName: "call-in-data" } });
    const redis = find("Service", "call-in-redis");
    expect(env.REDIS_URL).toBe(`redis://${redis.metadata.name}:${redis.spec.ports[0].port}`);
  });

  it("sets only variables the app reads, with values it accepts", () => {
    const env = Object.fromEntries(container.env.map((e: { name: string; value: string }) => [e.name, e.value]));
    for (const name of Object.keys(env)) expect(Object.keys(environmentSchema.shape), name).toContain(name);
    expect(environmentSchema.partial().safeParse(env).success).toBe(true);
  });

  it("probes the health route the image's HEALTHCHECK uses, and stops within the grace period", () => {
    const healthcheck = /HEALTHCHECK[\s\S]*?'(\/[a-z]+)'/.exec(dockerfile)?.[1];
    expect(healthcheck).toBe("/ping");
    expect(container.readinessProbe.httpGet.path).toBe(healthcheck);
    expect(container.livenessProbe.httpGet.path).toBe(healthcheck);
    const shutdown = container.env.find((e: { name: string }) => e.name === "SHUTDOWN_TIMEOUT_SECONDS");
    expect(Number(shutdown.value)).toBeLessThan(app.spec.template.spec.terminationGracePeriodSeconds);
  });

  it("limits each container's resources", () => {
    for (const deployment of manifests.filter((m) => m.kind === "Deployment")) {
      for (const c of deployment.spec.template.spec.containers) {
        expect(c.resources.requests, c.name).toBeDefined();
        expect(c.resources.limits, c.name).toBeDefined();
      }
    }
  });
});
