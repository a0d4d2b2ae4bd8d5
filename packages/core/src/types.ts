/** Device types; numbers match proto DeviceType. */
export const DeviceType = { UNSPECIFIED: 0, IOS: 1, ANDROID: 2, WEB: 3, DESKTOP: 4, PAD: 5 } as const;
export type DeviceType = (typeof DeviceType)[keyof typeof DeviceType];

/** Conversation types; numbers match proto ConvType. */
export const ConvType = { C2C: 1, GROUP: 2, SYSTEM: 3 } as const;
export type ConvType = (typeof ConvType)[keyof typeof ConvType];

/** A message as it sits in one user's inbox. */
export interface InboxMessage {
  msgId: number;
  /** Seq in the owner's inbox: gap-free, strictly increasing, 1-based. */
  seq: number;
  convType: ConvType;
  /** From the owner's point of view: the peer uid (c2c), the group id, or the business line id. */
  convId: string;
  fromUid: string;
  /** Receiver uid (c2c) or group id. */
  toId: string;
  clientMsgId: string;
  contentType: number;
  content: string;
  /** ms since epoch of the durable commit. */
  sentAt: number;
}

export interface PullPage {
  messages: InboxMessage[];
  hasMore: boolean;
  /** The owner's newest seq at the time of the read. */
  maxSeq: number;
}
