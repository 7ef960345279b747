/** Connected agents: registration (idempotent per id), heartbeats, alive/stale status. */
import { ApiError } from './http.ts';

export interface AgentRecord {
  agentId: string;
  name: string;
  framework: string;
  version: string;
  metadata: Record<string, unknown>;
  /** Epoch ms. */
  registeredAt: number;
  lastHeartbeat: number;
}

export interface WireAgent {
  agent_id: string;
  name: string;
  framework: string;
  version: string;
  metadata: Record<string, unknown>;
  registered_at: number;
  last_heartbeat: number;
  status: 'alive' | 'stale';
  uptime_seconds: number;
}

export class AgentRegistry {
  private readonly agents = new Map<string, AgentRecord>();

  constructor(
    private readonly clock: () => number,
    /** Seconds without a heartbeat after which an agent is stale. */
    readonly heartbeatTimeout = 60,
    private readonly maxAgents = 10_000,
  ) {}

  /** Registering an existing id refreshes it and keeps its first registration time (agents reconnect). */
  register(input: Omit<AgentRecord, 'registeredAt' | 'lastHeartbeat'>): AgentRecord {
    const now = this.clock();
    const existing = this.agents.get(input.agentId);
    if (!existing && this.agents.size >= this.maxAgents) {
      throw new ApiError(429, 'too_many_agents', `at most ${this.maxAgents} agents can be registered; remove stale ones first`);
    }
    const record: AgentRecord = { ...input, registeredAt: existing?.registeredAt ?? now, lastHeartbeat: now };
    this.agents.set(input.agentId, record);
    return record;
  }

  get(id: string): AgentRecord | undefined {
    return this.agents.get(id);
  }

  heartbeat(id: string): AgentRecord | undefined {
    const record = this.agents.get(id);
    if (record) record.lastHeartbeat = this.clock();
    return record;
  }

  remove(id: string): boolean {
    return this.agents.delete(id);
  }

  list(aliveOnly = false): AgentRecord[] {
    const all = [...this.agents.values()];
    return aliveOnly ? all.filter((a) => this.isAlive(a)) : all;
  }

  get count(): number {
    return this.agents.size;
  }

  get aliveCount(): number {
    return this.list(true).length;
  }

  isAlive(record: AgentRecord): boolean {
    return this.clock() - record.lastHeartbeat < this.heartbeatTimeout * 1000;
  }

  toWire(record: AgentRecord): WireAgent {
    return {
      agent_id: record.agentId, name: record.name, framework: record.framework, version: record.version, metadata: record.metadata,
      registered_at: record.registeredAt / 1000, last_heartbeat: record.lastHeartbeat / 1000,
      status: this.isAlive(record) ? 'alive' : 'stale',
      uptime_seconds: Math.round((this.clock() - record.registeredAt) / 100) / 10,
    };
  }
}
