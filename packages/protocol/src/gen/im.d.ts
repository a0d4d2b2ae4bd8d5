import * as $protobuf from "protobufjs";
import Long = require("long");

/** Namespace im. */
export namespace im {

    /** Cmd enum. */
    enum Cmd {

        /** CMD_UNSPECIFIED value */
        CMD_UNSPECIFIED = 0,

        /** HEARTBEAT_REQ value */
        HEARTBEAT_REQ = 1,

        /** HEARTBEAT_RESP value */
        HEARTBEAT_RESP = 2,

        /** AUTH_REQ value */
        AUTH_REQ = 3,

        /** AUTH_RESP value */
        AUTH_RESP = 4,

        /** LOGOUT_REQ value */
        LOGOUT_REQ = 5,

        /** LOGOUT_RESP value */
        LOGOUT_RESP = 6,

        /** KICKOUT value */
        KICKOUT = 7,

        /** CTRL value */
        CTRL = 8,

        /** ERROR value */
        ERROR = 9,

        /** C2C_SEND_REQ value */
        C2C_SEND_REQ = 16,

        /** C2C_SEND_ACK value */
        C2C_SEND_ACK = 17,

        /** MSG_PUSH value */
        MSG_PUSH = 18,

        /** MSG_PUSH_ACK value */
        MSG_PUSH_ACK = 19,

        /** PULL_REQ value */
        PULL_REQ = 20,

        /** PULL_RESP value */
        PULL_RESP = 21,

        /** C2G_SEND_REQ value */
        C2G_SEND_REQ = 22,

        /** C2G_SEND_ACK value */
        C2G_SEND_ACK = 23,

        /** C2S_SEND_REQ value */
        C2S_SEND_REQ = 24,

        /** C2S_SEND_ACK value */
        C2S_SEND_ACK = 25
    }

    /** ErrorCode enum. */
    enum ErrorCode {

        /** OK value */
        OK = 0,

        /** BAD_MAGIC value */
        BAD_MAGIC = 1001,

        /** BAD_VERSION value */
        BAD_VERSION = 1002,

        /** BAD_LENGTH value */
        BAD_LENGTH = 1003,

        /** FRAME_TOO_LARGE value */
        FRAME_TOO_LARGE = 1004,

        /** BAD_FLAGS value */
        BAD_FLAGS = 1005,

        /** BAD_RESERVED value */
        BAD_RESERVED = 1006,

        /** UNKNOWN_CMD value */
        UNKNOWN_CMD = 1007,

        /** BAD_BODY value */
        BAD_BODY = 1008,

        /** NOT_AUTHENTICATED value */
        NOT_AUTHENTICATED = 2001,

        /** TOKEN_INVALID value */
        TOKEN_INVALID = 2002,

        /** TOKEN_EXPIRED value */
        TOKEN_EXPIRED = 2003,

        /** AUTH_TIMEOUT value */
        AUTH_TIMEOUT = 2004,

        /** ALREADY_AUTHENTICATED value */
        ALREADY_AUTHENTICATED = 2005,

        /** AUTH_UNAVAILABLE value */
        AUTH_UNAVAILABLE = 2006,

        /** KICKED value */
        KICKED = 2007,

        /** RATE_LIMITED value */
        RATE_LIMITED = 3001,

        /** TOO_MANY_CONNECTIONS value */
        TOO_MANY_CONNECTIONS = 3002,

        /** IDLE_TIMEOUT value */
        IDLE_TIMEOUT = 3003,

        /** INVALID_ARGUMENT value */
        INVALID_ARGUMENT = 4001,

        /** FORBIDDEN value */
        FORBIDDEN = 4003,

        /** USER_NOT_FOUND value */
        USER_NOT_FOUND = 4004,

        /** CONTENT_TOO_LARGE value */
        CONTENT_TOO_LARGE = 4013,

        /** INTERNAL value */
        INTERNAL = 5000,

        /** UNAVAILABLE value */
        UNAVAILABLE = 5003
    }

    /** DeviceType enum. */
    enum DeviceType {

        /** DEVICE_UNSPECIFIED value */
        DEVICE_UNSPECIFIED = 0,

        /** IOS value */
        IOS = 1,

        /** ANDROID value */
        ANDROID = 2,

        /** WEB value */
        WEB = 3,

        /** DESKTOP value */
        DESKTOP = 4,

        /** PAD value */
        PAD = 5
    }

    /** ConvType enum. */
    enum ConvType {

        /** CONV_UNSPECIFIED value */
        CONV_UNSPECIFIED = 0,

        /** C2C value */
        C2C = 1,

        /** GROUP value */
        GROUP = 2,

        /** SYSTEM value */
        SYSTEM = 3
    }

    /** KickReason enum. */
    enum KickReason {

        /** KICK_UNSPECIFIED value */
        KICK_UNSPECIFIED = 0,

        /** OTHER_LOGIN value */
        OTHER_LOGIN = 1,

        /** ADMIN value */
        ADMIN = 2,

        /** TOKEN_REVOKED value */
        TOKEN_REVOKED = 3
    }

    /**
     * Properties of an ErrorBody.
     * @deprecated Use im.ErrorBody.$Properties instead.
     */
    interface IErrorBody extends im.ErrorBody.$Properties {
    }

    /** Represents an ErrorBody. */
    class ErrorBody {

        /**
         * Constructs a new ErrorBody.
         * @param [properties] Properties to set
         */
        constructor(properties?: im.ErrorBody.$Properties);

        /** Unknown fields preserved while decoding when enabled */
        $unknowns?: Uint8Array[];

        /** ErrorBody code. */
        code: number;

        /** ErrorBody message. */
        message: string;

        /** ErrorBody retryAfterMs. */
        retryAfterMs: number;

        /**
         * Creates a new ErrorBody instance using the specified properties.
         * @param [properties] Properties to set
         * @returns ErrorBody instance
         */
        static create(properties: im.ErrorBody.$Shape): im.ErrorBody & im.ErrorBody.$Shape;
        static create(properties?: im.ErrorBody.$Properties): im.ErrorBody;

        /**
         * Encodes the specified ErrorBody message. Does not implicitly {@link im.ErrorBody.verify|verify} messages.
         * @param message ErrorBody message or plain object to encode
         * @param [writer] Writer to encode to
         * @returns Writer
         */
        static encode(message: im.ErrorBody.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;

        /**
         * Decodes an ErrorBody message from the specified reader or buffer.
         * @param reader Reader or buffer to decode from
         * @param [length] Message length if known beforehand
         * @returns {im.ErrorBody & im.ErrorBody.$Shape} ErrorBody
         * @throws {Error} If the payload is not a reader or valid buffer
         * @throws {$protobuf.util.ProtocolError} If required fields are missing
         */
        static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): im.ErrorBody & im.ErrorBody.$Shape;

        /**
         * Creates an ErrorBody message from a plain object. Also converts values to their respective internal types.
         * @param object Plain object
         * @returns ErrorBody
         */
        static fromObject(object: { [k: string]: any }): im.ErrorBody;

        /**
         * Creates a plain object from an ErrorBody message. Also converts values to other types if specified.
         * @param message ErrorBody
         * @param [options] Conversion options
         * @returns Plain object
         */
        static toObject(message: im.ErrorBody, options?: $protobuf.IConversionOptions): { [k: string]: any };

        /**
         * Converts this ErrorBody to JSON.
         * @returns JSON object
         */
        toJSON(): { [k: string]: any };
    }

    namespace ErrorBody {

        /** Properties of an ErrorBody. */
        interface $Properties {

            /** ErrorBody code */
            code?: (number|null);

            /** ErrorBody message */
            message?: (string|null);

            /** ErrorBody retryAfterMs */
            retryAfterMs?: (number|null);

            /** Unknown fields preserved while decoding when enabled */
            $unknowns?: Uint8Array[];
        }

        /** Shape of an ErrorBody. */
        type $Shape = im.ErrorBody.$Properties;
    }

    /**
     * Properties of a HeartbeatReq.
     * @deprecated Use im.HeartbeatReq.$Properties instead.
     */
    interface IHeartbeatReq extends im.HeartbeatReq.$Properties {
    }

    /** Represents a HeartbeatReq. */
    class HeartbeatReq {

        /**
         * Constructs a new HeartbeatReq.
         * @param [properties] Properties to set
         */
        constructor(properties?: im.HeartbeatReq.$Properties);

        /** Unknown fields preserved while decoding when enabled */
        $unknowns?: Uint8Array[];

        /**
         * Creates a new HeartbeatReq instance using the specified properties.
         * @param [properties] Properties to set
         * @returns HeartbeatReq instance
         */
        static create(properties: im.HeartbeatReq.$Shape): im.HeartbeatReq & im.HeartbeatReq.$Shape;
        static create(properties?: im.HeartbeatReq.$Properties): im.HeartbeatReq;

        /**
         * Encodes the specified HeartbeatReq message. Does not implicitly {@link im.HeartbeatReq.verify|verify} messages.
         * @param message HeartbeatReq message or plain object to encode
         * @param [writer] Writer to encode to
         * @returns Writer
         */
        static encode(message: im.HeartbeatReq.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;

        /**
         * Decodes a HeartbeatReq message from the specified reader or buffer.
         * @param reader Reader or buffer to decode from
         * @param [length] Message length if known beforehand
         * @returns {im.HeartbeatReq & im.HeartbeatReq.$Shape} HeartbeatReq
         * @throws {Error} If the payload is not a reader or valid buffer
         * @throws {$protobuf.util.ProtocolError} If required fields are missing
         */
        static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): im.HeartbeatReq & im.HeartbeatReq.$Shape;

        /**
         * Creates a HeartbeatReq message from a plain object. Also converts values to their respective internal types.
         * @param object Plain object
         * @returns HeartbeatReq
         */
        static fromObject(object: { [k: string]: any }): im.HeartbeatReq;

        /**
         * Creates a plain object from a HeartbeatReq message. Also converts values to other types if specified.
         * @param message HeartbeatReq
         * @param [options] Conversion options
         * @returns Plain object
         */
        static toObject(message: im.HeartbeatReq, options?: $protobuf.IConversionOptions): { [k: string]: any };

        /**
         * Converts this HeartbeatReq to JSON.
         * @returns JSON object
         */
        toJSON(): { [k: string]: any };
    }

    namespace HeartbeatReq {

        /** Properties of a HeartbeatReq. */
        interface $Properties {

            /** Unknown fields preserved while decoding when enabled */
            $unknowns?: Uint8Array[];
        }

        /** Shape of a HeartbeatReq. */
        type $Shape = im.HeartbeatReq.$Properties;
    }

    /**
     * Properties of a HeartbeatResp.
     * @deprecated Use im.HeartbeatResp.$Properties instead.
     */
    interface IHeartbeatResp extends im.HeartbeatResp.$Properties {
    }

    /** Represents a HeartbeatResp. */
    class HeartbeatResp {

        /**
         * Constructs a new HeartbeatResp.
         * @param [properties] Properties to set
         */
        constructor(properties?: im.HeartbeatResp.$Properties);

        /** Unknown fields preserved while decoding when enabled */
        $unknowns?: Uint8Array[];

        /** HeartbeatResp serverTime. */
        serverTime: number;

        /**
         * Creates a new HeartbeatResp instance using the specified properties.
         * @param [properties] Properties to set
         * @returns HeartbeatResp instance
         */
        static create(properties: im.HeartbeatResp.$Shape): im.HeartbeatResp & im.HeartbeatResp.$Shape;
        static create(properties?: im.HeartbeatResp.$Properties): im.HeartbeatResp;

        /**
         * Encodes the specified HeartbeatResp message. Does not implicitly {@link im.HeartbeatResp.verify|verify} messages.
         * @param message HeartbeatResp message or plain object to encode
         * @param [writer] Writer to encode to
         * @returns Writer
         */
        static encode(message: im.HeartbeatResp.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;

        /**
         * Decodes a HeartbeatResp message from the specified reader or buffer.
         * @param reader Reader or buffer to decode from
         * @param [length] Message length if known beforehand
         * @returns {im.HeartbeatResp & im.HeartbeatResp.$Shape} HeartbeatResp
         * @throws {Error} If the payload is not a reader or valid buffer
         * @throws {$protobuf.util.ProtocolError} If required fields are missing
         */
        static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): im.HeartbeatResp & im.HeartbeatResp.$Shape;

        /**
         * Creates a HeartbeatResp message from a plain object. Also converts values to their respective internal types.
         * @param object Plain object
         * @returns HeartbeatResp
         */
        static fromObject(object: { [k: string]: any }): im.HeartbeatResp;

        /**
         * Creates a plain object from a HeartbeatResp message. Also converts values to other types if specified.
         * @param message HeartbeatResp
         * @param [options] Conversion options
         * @returns Plain object
         */
        static toObject(message: im.HeartbeatResp, options?: $protobuf.IConversionOptions): { [k: string]: any };

        /**
         * Converts this HeartbeatResp to JSON.
         * @returns JSON object
         */
        toJSON(): { [k: string]: any };
    }

    namespace HeartbeatResp {

        /** Properties of a HeartbeatResp. */
        interface $Properties {

            /** HeartbeatResp serverTime */
            serverTime?: (number|null);

            /** Unknown fields preserved while decoding when enabled */
            $unknowns?: Uint8Array[];
        }

        /** Shape of a HeartbeatResp. */
        type $Shape = im.HeartbeatResp.$Properties;
    }

    /**
     * Properties of an AuthReq.
     * @deprecated Use im.AuthReq.$Properties instead.
     */
    interface IAuthReq extends im.AuthReq.$Properties {
    }

    /** Represents an AuthReq. */
    class AuthReq {

        /**
         * Constructs a new AuthReq.
         * @param [properties] Properties to set
         */
        constructor(properties?: im.AuthReq.$Properties);

        /** Unknown fields preserved while decoding when enabled */
        $unknowns?: Uint8Array[];

        /** AuthReq token. */
        token: string;

        /** AuthReq deviceType. */
        deviceType: im.DeviceType;

        /** AuthReq deviceId. */
        deviceId: string;

        /** AuthReq clientVersion. */
        clientVersion: string;

        /**
         * Creates a new AuthReq instance using the specified properties.
         * @param [properties] Properties to set
         * @returns AuthReq instance
         */
        static create(properties: im.AuthReq.$Shape): im.AuthReq & im.AuthReq.$Shape;
        static create(properties?: im.AuthReq.$Properties): im.AuthReq;

        /**
         * Encodes the specified AuthReq message. Does not implicitly {@link im.AuthReq.verify|verify} messages.
         * @param message AuthReq message or plain object to encode
         * @param [writer] Writer to encode to
         * @returns Writer
         */
        static encode(message: im.AuthReq.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;

        /**
         * Decodes an AuthReq message from the specified reader or buffer.
         * @param reader Reader or buffer to decode from
         * @param [length] Message length if known beforehand
         * @returns {im.AuthReq & im.AuthReq.$Shape} AuthReq
         * @throws {Error} If the payload is not a reader or valid buffer
         * @throws {$protobuf.util.ProtocolError} If required fields are missing
         */
        static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): im.AuthReq & im.AuthReq.$Shape;

        /**
         * Creates an AuthReq message from a plain object. Also converts values to their respective internal types.
         * @param object Plain object
         * @returns AuthReq
         */
        static fromObject(object: { [k: string]: any }): im.AuthReq;

        /**
         * Creates a plain object from an AuthReq message. Also converts values to other types if specified.
         * @param message AuthReq
         * @param [options] Conversion options
         * @returns Plain object
         */
        static toObject(message: im.AuthReq, options?: $protobuf.IConversionOptions): { [k: string]: any };

        /**
         * Converts this AuthReq to JSON.
         * @returns JSON object
         */
        toJSON(): { [k: string]: any };
    }

    namespace AuthReq {

        /** Properties of an AuthReq. */
        interface $Properties {

            /** AuthReq token */
            token?: (string|null);

            /** AuthReq deviceType */
            deviceType?: (im.DeviceType|null);

            /** AuthReq deviceId */
            deviceId?: (string|null);

            /** AuthReq clientVersion */
            clientVersion?: (string|null);

            /** Unknown fields preserved while decoding when enabled */
            $unknowns?: Uint8Array[];
        }

        /** Shape of an AuthReq. */
        type $Shape = im.AuthReq.$Properties;
    }

    /**
     * Properties of an AuthResp.
     * @deprecated Use im.AuthResp.$Properties instead.
     */
    interface IAuthResp extends im.AuthResp.$Properties {
    }

    /** Represents an AuthResp. */
    class AuthResp {

        /**
         * Constructs a new AuthResp.
         * @param [properties] Properties to set
         */
        constructor(properties?: im.AuthResp.$Properties);

        /** Unknown fields preserved while decoding when enabled */
        $unknowns?: Uint8Array[];

        /** AuthResp uid. */
        uid: string;

        /** AuthResp sessionId. */
        sessionId: string;

        /** AuthResp serverTime. */
        serverTime: number;

        /** AuthResp maxSeq. */
        maxSeq: number;

        /** AuthResp ackedSeq. */
        ackedSeq: number;

        /** AuthResp heartbeatMs. */
        heartbeatMs: number;

        /**
         * Creates a new AuthResp instance using the specified properties.
         * @param [properties] Properties to set
         * @returns AuthResp instance
         */
        static create(properties: im.AuthResp.$Shape): im.AuthResp & im.AuthResp.$Shape;
        static create(properties?: im.AuthResp.$Properties): im.AuthResp;

        /**
         * Encodes the specified AuthResp message. Does not implicitly {@link im.AuthResp.verify|verify} messages.
         * @param message AuthResp message or plain object to encode
         * @param [writer] Writer to encode to
         * @returns Writer
         */
        static encode(message: im.AuthResp.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;

        /**
         * Decodes an AuthResp message from the specified reader or buffer.
         * @param reader Reader or buffer to decode from
         * @param [length] Message length if known beforehand
         * @returns {im.AuthResp & im.AuthResp.$Shape} AuthResp
         * @throws {Error} If the payload is not a reader or valid buffer
         * @throws {$protobuf.util.ProtocolError} If required fields are missing
         */
        static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): im.AuthResp & im.AuthResp.$Shape;

        /**
         * Creates an AuthResp message from a plain object. Also converts values to their respective internal types.
         * @param object Plain object
         * @returns AuthResp
         */
        static fromObject(object: { [k: string]: any }): im.AuthResp;

        /**
         * Creates a plain object from an AuthResp message. Also converts values to other types if specified.
         * @param message AuthResp
         * @param [options] Conversion options
         * @returns Plain object
         */
        static toObject(message: im.AuthResp, options?: $protobuf.IConversionOptions): { [k: string]: any };

        /**
         * Converts this AuthResp to JSON.
         * @returns JSON object
         */
        toJSON(): { [k: string]: any };
    }

    namespace AuthResp {

        /** Properties of an AuthResp. */
        interface $Properties {

            /** AuthResp uid */
            uid?: (string|null);

            /** AuthResp sessionId */
            sessionId?: (string|null);

            /** AuthResp serverTime */
            serverTime?: (number|null);

            /** AuthResp maxSeq */
            maxSeq?: (number|null);

            /** AuthResp ackedSeq */
            ackedSeq?: (number|null);

            /** AuthResp heartbeatMs */
            heartbeatMs?: (number|null);

            /** Unknown fields preserved while decoding when enabled */
            $unknowns?: Uint8Array[];
        }

        /** Shape of an AuthResp. */
        type $Shape = im.AuthResp.$Properties;
    }

    /**
     * Properties of a LogoutReq.
     * @deprecated Use im.LogoutReq.$Properties instead.
     */
    interface ILogoutReq extends im.LogoutReq.$Properties {
    }

    /** Represents a LogoutReq. */
    class LogoutReq {

        /**
         * Constructs a new LogoutReq.
         * @param [properties] Properties to set
         */
        constructor(properties?: im.LogoutReq.$Properties);

        /** Unknown fields preserved while decoding when enabled */
        $unknowns?: Uint8Array[];

        /**
         * Creates a new LogoutReq instance using the specified properties.
         * @param [properties] Properties to set
         * @returns LogoutReq instance
         */
        static create(properties: im.LogoutReq.$Shape): im.LogoutReq & im.LogoutReq.$Shape;
        static create(properties?: im.LogoutReq.$Properties): im.LogoutReq;

        /**
         * Encodes the specified LogoutReq message. Does not implicitly {@link im.LogoutReq.verify|verify} messages.
         * @param message LogoutReq message or plain object to encode
         * @param [writer] Writer to encode to
         * @returns Writer
         */
        static encode(message: im.LogoutReq.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;

        /**
         * Decodes a LogoutReq message from the specified reader or buffer.
         * @param reader Reader or buffer to decode from
         * @param [length] Message length if known beforehand
         * @returns {im.LogoutReq & im.LogoutReq.$Shape} LogoutReq
         * @throws {Error} If the payload is not a reader or valid buffer
         * @throws {$protobuf.util.ProtocolError} If required fields are missing
         */
        static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): im.LogoutReq & im.LogoutReq.$Shape;

        /**
         * Creates a LogoutReq message from a plain object. Also converts values to their respective internal types.
         * @param object Plain object
         * @returns LogoutReq
         */
        static fromObject(object: { [k: string]: any }): im.LogoutReq;

        /**
         * Creates a plain object from a LogoutReq message. Also converts values to other types if specified.
         * @param message LogoutReq
         * @param [options] Conversion options
         * @returns Plain object
         */
        static toObject(message: im.LogoutReq, options?: $protobuf.IConversionOptions): { [k: string]: any };

        /**
         * Converts this LogoutReq to JSON.
         * @returns JSON object
         */
        toJSON(): { [k: string]: any };
    }

    namespace LogoutReq {

        /** Properties of a LogoutReq. */
        interface $Properties {

            /** Unknown fields preserved while decoding when enabled */
            $unknowns?: Uint8Array[];
        }

        /** Shape of a LogoutReq. */
        type $Shape = im.LogoutReq.$Properties;
    }

    /**
     * Properties of a LogoutResp.
     * @deprecated Use im.LogoutResp.$Properties instead.
     */
    interface ILogoutResp extends im.LogoutResp.$Properties {
    }

    /** Represents a LogoutResp. */
    class LogoutResp {

        /**
         * Constructs a new LogoutResp.
         * @param [properties] Properties to set
         */
        constructor(properties?: im.LogoutResp.$Properties);

        /** Unknown fields preserved while decoding when enabled */
        $unknowns?: Uint8Array[];

        /**
         * Creates a new LogoutResp instance using the specified properties.
         * @param [properties] Properties to set
         * @returns LogoutResp instance
         */
        static create(properties: im.LogoutResp.$Shape): im.LogoutResp & im.LogoutResp.$Shape;
        static create(properties?: im.LogoutResp.$Properties): im.LogoutResp;

        /**
         * Encodes the specified LogoutResp message. Does not implicitly {@link im.LogoutResp.verify|verify} messages.
         * @param message LogoutResp message or plain object to encode
         * @param [writer] Writer to encode to
         * @returns Writer
         */
        static encode(message: im.LogoutResp.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;

        /**
         * Decodes a LogoutResp message from the specified reader or buffer.
         * @param reader Reader or buffer to decode from
         * @param [length] Message length if known beforehand
         * @returns {im.LogoutResp & im.LogoutResp.$Shape} LogoutResp
         * @throws {Error} If the payload is not a reader or valid buffer
         * @throws {$protobuf.util.ProtocolError} If required fields are missing
         */
        static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): im.LogoutResp & im.LogoutResp.$Shape;

        /**
         * Creates a LogoutResp message from a plain object. Also converts values to their respective internal types.
         * @param object Plain object
         * @returns LogoutResp
         */
        static fromObject(object: { [k: string]: any }): im.LogoutResp;

        /**
         * Creates a plain object from a LogoutResp message. Also converts values to other types if specified.
         * @param message LogoutResp
         * @param [options] Conversion options
         * @returns Plain object
         */
        static toObject(message: im.LogoutResp, options?: $protobuf.IConversionOptions): { [k: string]: any };

        /**
         * Converts this LogoutResp to JSON.
         * @returns JSON object
         */
        toJSON(): { [k: string]: any };
    }

    namespace LogoutResp {

        /** Properties of a LogoutResp. */
        interface $Properties {

            /** Unknown fields preserved while decoding when enabled */
            $unknowns?: Uint8Array[];
        }

        /** Shape of a LogoutResp. */
        type $Shape = im.LogoutResp.$Properties;
    }

    /**
     * Properties of a Kickout.
     * @deprecated Use im.Kickout.$Properties instead.
     */
    interface IKickout extends im.Kickout.$Properties {
    }

    /** Represents a Kickout. */
    class Kickout {

        /**
         * Constructs a new Kickout.
         * @param [properties] Properties to set
         */
        constructor(properties?: im.Kickout.$Properties);

        /** Unknown fields preserved while decoding when enabled */
        $unknowns?: Uint8Array[];

        /** Kickout reason. */
        reason: im.KickReason;

        /** Kickout message. */
        message: string;

        /**
         * Creates a new Kickout instance using the specified properties.
         * @param [properties] Properties to set
         * @returns Kickout instance
         */
        static create(properties: im.Kickout.$Shape): im.Kickout & im.Kickout.$Shape;
        static create(properties?: im.Kickout.$Properties): im.Kickout;

        /**
         * Encodes the specified Kickout message. Does not implicitly {@link im.Kickout.verify|verify} messages.
         * @param message Kickout message or plain object to encode
         * @param [writer] Writer to encode to
         * @returns Writer
         */
        static encode(message: im.Kickout.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;

        /**
         * Decodes a Kickout message from the specified reader or buffer.
         * @param reader Reader or buffer to decode from
         * @param [length] Message length if known beforehand
         * @returns {im.Kickout & im.Kickout.$Shape} Kickout
         * @throws {Error} If the payload is not a reader or valid buffer
         * @throws {$protobuf.util.ProtocolError} If required fields are missing
         */
        static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): im.Kickout & im.Kickout.$Shape;

        /**
         * Creates a Kickout message from a plain object. Also converts values to their respective internal types.
         * @param object Plain object
         * @returns Kickout
         */
        static fromObject(object: { [k: string]: any }): im.Kickout;

        /**
         * Creates a plain object from a Kickout message. Also converts values to other types if specified.
         * @param message Kickout
         * @param [options] Conversion options
         * @returns Plain object
         */
        static toObject(message: im.Kickout, options?: $protobuf.IConversionOptions): { [k: string]: any };

        /**
         * Converts this Kickout to JSON.
         * @returns JSON object
         */
        toJSON(): { [k: string]: any };
    }

    namespace Kickout {

        /** Properties of a Kickout. */
        interface $Properties {

            /** Kickout reason */
            reason?: (im.KickReason|null);

            /** Kickout message */
            message?: (string|null);

            /** Unknown fields preserved while decoding when enabled */
            $unknowns?: Uint8Array[];
        }

        /** Shape of a Kickout. */
        type $Shape = im.Kickout.$Properties;
    }

    /**
     * Properties of a Ctrl.
     * @deprecated Use im.Ctrl.$Properties instead.
     */
    interface ICtrl extends im.Ctrl.$Properties {
    }

    /** Represents a Ctrl. */
    class Ctrl {

        /**
         * Constructs a new Ctrl.
         * @param [properties] Properties to set
         */
        constructor(properties?: im.Ctrl.$Properties);

        /** Unknown fields preserved while decoding when enabled */
        $unknowns?: Uint8Array[];

        /** Ctrl type. */
        type: im.Ctrl.Type;

        /** Ctrl endpoints. */
        endpoints: string[];

        /** Ctrl delayMs. */
        delayMs: number;

        /** Ctrl config. */
        config: { [k: string]: string };

        /**
         * Creates a new Ctrl instance using the specified properties.
         * @param [properties] Properties to set
         * @returns Ctrl instance
         */
        static create(properties: im.Ctrl.$Shape): im.Ctrl & im.Ctrl.$Shape;
        static create(properties?: im.Ctrl.$Properties): im.Ctrl;

        /**
         * Encodes the specified Ctrl message. Does not implicitly {@link im.Ctrl.verify|verify} messages.
         * @param message Ctrl message or plain object to encode
         * @param [writer] Writer to encode to
         * @returns Writer
         */
        static encode(message: im.Ctrl.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;

        /**
         * Decodes a Ctrl message from the specified reader or buffer.
         * @param reader Reader or buffer to decode from
         * @param [length] Message length if known beforehand
         * @returns {im.Ctrl & im.Ctrl.$Shape} Ctrl
         * @throws {Error} If the payload is not a reader or valid buffer
         * @throws {$protobuf.util.ProtocolError} If required fields are missing
         */
        static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): im.Ctrl & im.Ctrl.$Shape;

        /**
         * Creates a Ctrl message from a plain object. Also converts values to their respective internal types.
         * @param object Plain object
         * @returns Ctrl
         */
        static fromObject(object: { [k: string]: any }): im.Ctrl;

        /**
         * Creates a plain object from a Ctrl message. Also converts values to other types if specified.
         * @param message Ctrl
         * @param [options] Conversion options
         * @returns Plain object
         */
        static toObject(message: im.Ctrl, options?: $protobuf.IConversionOptions): { [k: string]: any };

        /**
         * Converts this Ctrl to JSON.
         * @returns JSON object
         */
        toJSON(): { [k: string]: any };
    }

    namespace Ctrl {

        /** Properties of a Ctrl. */
        interface $Properties {

            /** Ctrl type */
            type?: (im.Ctrl.Type|null);

            /** Ctrl endpoints */
            endpoints?: (string[]|null);

            /** Ctrl delayMs */
            delayMs?: (number|null);

            /** Ctrl config */
            config?: ({ [k: string]: string }|null);

            /** Unknown fields preserved while decoding when enabled */
            $unknowns?: Uint8Array[];
        }

        /** Shape of a Ctrl. */
        type $Shape = im.Ctrl.$Properties;

        /** Type enum. */
        enum Type {

            /** TYPE_UNSPECIFIED value */
            TYPE_UNSPECIFIED = 0,

            /** RECONNECT value */
            RECONNECT = 1,

            /** CONFIG value */
            CONFIG = 2
        }
    }

    /**
     * Properties of a Message.
     * @deprecated Use im.Message.$Properties instead.
     */
    interface IMessage extends im.Message.$Properties {
    }

    /** Represents a Message. */
    class Message {

        /**
         * Constructs a new Message.
         * @param [properties] Properties to set
         */
        constructor(properties?: im.Message.$Properties);

        /** Unknown fields preserved while decoding when enabled */
        $unknowns?: Uint8Array[];

        /** Message msgId. */
        msgId: number;

        /** Message seq. */
        seq: number;

        /** Message convType. */
        convType: im.ConvType;

        /** Message convId. */
        convId: string;

        /** Message fromUid. */
        fromUid: string;

        /** Message toId. */
        toId: string;

        /** Message clientMsgId. */
        clientMsgId: string;

        /** Message contentType. */
        contentType: number;

        /** Message content. */
        content: string;

        /** Message sentAt. */
        sentAt: number;

        /**
         * Creates a new Message instance using the specified properties.
         * @param [properties] Properties to set
         * @returns Message instance
         */
        static create(properties: im.Message.$Shape): im.Message & im.Message.$Shape;
        static create(properties?: im.Message.$Properties): im.Message;

        /**
         * Encodes the specified Message message. Does not implicitly {@link im.Message.verify|verify} messages.
         * @param message Message message or plain object to encode
         * @param [writer] Writer to encode to
         * @returns Writer
         */
        static encode(message: im.Message.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;

        /**
         * Decodes a Message message from the specified reader or buffer.
         * @param reader Reader or buffer to decode from
         * @param [length] Message length if known beforehand
         * @returns {im.Message & im.Message.$Shape} Message
         * @throws {Error} If the payload is not a reader or valid buffer
         * @throws {$protobuf.util.ProtocolError} If required fields are missing
         */
        static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): im.Message & im.Message.$Shape;

        /**
         * Creates a Message message from a plain object. Also converts values to their respective internal types.
         * @param object Plain object
         * @returns Message
         */
        static fromObject(object: { [k: string]: any }): im.Message;

        /**
         * Creates a plain object from a Message message. Also converts values to other types if specified.
         * @param message Message
         * @param [options] Conversion options
         * @returns Plain object
         */
        static toObject(message: im.Message, options?: $protobuf.IConversionOptions): { [k: string]: any };

        /**
         * Converts this Message to JSON.
         * @returns JSON object
         */
        toJSON(): { [k: string]: any };
    }

    namespace Message {

        /** Properties of a Message. */
        interface $Properties {

            /** Message msgId */
            msgId?: (number|null);

            /** Message seq */
            seq?: (number|null);

            /** Message convType */
            convType?: (im.ConvType|null);

            /** Message convId */
            convId?: (string|null);

            /** Message fromUid */
            fromUid?: (string|null);

            /** Message toId */
            toId?: (string|null);

            /** Message clientMsgId */
            clientMsgId?: (string|null);

            /** Message contentType */
            contentType?: (number|null);

            /** Message content */
            content?: (string|null);

            /** Message sentAt */
            sentAt?: (number|null);

            /** Unknown fields preserved while decoding when enabled */
            $unknowns?: Uint8Array[];
        }

        /** Shape of a Message. */
        type $Shape = im.Message.$Properties;
    }

    /**
     * Properties of a C2CSendReq.
     * @deprecated Use im.C2CSendReq.$Properties instead.
     */
    interface IC2CSendReq extends im.C2CSendReq.$Properties {
    }

    /** Represents a C2CSendReq. */
    class C2CSendReq {

        /**
         * Constructs a new C2CSendReq.
         * @param [properties] Properties to set
         */
        constructor(properties?: im.C2CSendReq.$Properties);

        /** Unknown fields preserved while decoding when enabled */
        $unknowns?: Uint8Array[];

        /** C2CSendReq toUid. */
        toUid: string;

        /** C2CSendReq clientMsgId. */
        clientMsgId: string;

        /** C2CSendReq contentType. */
        contentType: number;

        /** C2CSendReq content. */
        content: string;

        /**
         * Creates a new C2CSendReq instance using the specified properties.
         * @param [properties] Properties to set
         * @returns C2CSendReq instance
         */
        static create(properties: im.C2CSendReq.$Shape): im.C2CSendReq & im.C2CSendReq.$Shape;
        static create(properties?: im.C2CSendReq.$Properties): im.C2CSendReq;

        /**
         * Encodes the specified C2CSendReq message. Does not implicitly {@link im.C2CSendReq.verify|verify} messages.
         * @param message C2CSendReq message or plain object to encode
         * @param [writer] Writer to encode to
         * @returns Writer
         */
        static encode(message: im.C2CSendReq.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;

        /**
         * Decodes a C2CSendReq message from the specified reader or buffer.
         * @param reader Reader or buffer to decode from
         * @param [length] Message length if known beforehand
         * @returns {im.C2CSendReq & im.C2CSendReq.$Shape} C2CSendReq
         * @throws {Error} If the payload is not a reader or valid buffer
         * @throws {$protobuf.util.ProtocolError} If required fields are missing
         */
        static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): im.C2CSendReq & im.C2CSendReq.$Shape;

        /**
         * Creates a C2CSendReq message from a plain object. Also converts values to their respective internal types.
         * @param object Plain object
         * @returns C2CSendReq
         */
        static fromObject(object: { [k: string]: any }): im.C2CSendReq;

        /**
         * Creates a plain object from a C2CSendReq message. Also converts values to other types if specified.
         * @param message C2CSendReq
         * @param [options] Conversion options
         * @returns Plain object
         */
        static toObject(message: im.C2CSendReq, options?: $protobuf.IConversionOptions): { [k: string]: any };

        /**
         * Converts this C2CSendReq to JSON.
         * @returns JSON object
         */
        toJSON(): { [k: string]: any };
    }

    namespace C2CSendReq {

        /** Properties of a C2CSendReq. */
        interface $Properties {

            /** C2CSendReq toUid */
            toUid?: (string|null);

            /** C2CSendReq clientMsgId */
            clientMsgId?: (string|null);

            /** C2CSendReq contentType */
            contentType?: (number|null);

            /** C2CSendReq content */
            content?: (string|null);

            /** Unknown fields preserved while decoding when enabled */
            $unknowns?: Uint8Array[];
        }

        /** Shape of a C2CSendReq. */
        type $Shape = im.C2CSendReq.$Properties;
    }

    /**
     * Properties of a C2GSendReq.
     * @deprecated Use im.C2GSendReq.$Properties instead.
     */
    interface IC2GSendReq extends im.C2GSendReq.$Properties {
    }

    /** Represents a C2GSendReq. */
    class C2GSendReq {

        /**
         * Constructs a new C2GSendReq.
         * @param [properties] Properties to set
         */
        constructor(properties?: im.C2GSendReq.$Properties);

        /** Unknown fields preserved while decoding when enabled */
        $unknowns?: Uint8Array[];

        /** C2GSendReq groupId. */
        groupId: string;

        /** C2GSendReq clientMsgId. */
        clientMsgId: string;

        /** C2GSendReq contentType. */
        contentType: number;

        /** C2GSendReq content. */
        content: string;

        /**
         * Creates a new C2GSendReq instance using the specified properties.
         * @param [properties] Properties to set
         * @returns C2GSendReq instance
         */
        static create(properties: im.C2GSendReq.$Shape): im.C2GSendReq & im.C2GSendReq.$Shape;
        static create(properties?: im.C2GSendReq.$Properties): im.C2GSendReq;

        /**
         * Encodes the specified C2GSendReq message. Does not implicitly {@link im.C2GSendReq.verify|verify} messages.
         * @param message C2GSendReq message or plain object to encode
         * @param [writer] Writer to encode to
         * @returns Writer
         */
        static encode(message: im.C2GSendReq.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;

        /**
         * Decodes a C2GSendReq message from the specified reader or buffer.
         * @param reader Reader or buffer to decode from
         * @param [length] Message length if known beforehand
         * @returns {im.C2GSendReq & im.C2GSendReq.$Shape} C2GSendReq
         * @throws {Error} If the payload is not a reader or valid buffer
         * @throws {$protobuf.util.ProtocolError} If required fields are missing
         */
        static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): im.C2GSendReq & im.C2GSendReq.$Shape;

        /**
         * Creates a C2GSendReq message from a plain object. Also converts values to their respective internal types.
         * @param object Plain object
         * @returns C2GSendReq
         */
        static fromObject(object: { [k: string]: any }): im.C2GSendReq;

        /**
         * Creates a plain object from a C2GSendReq message. Also converts values to other types if specified.
         * @param message C2GSendReq
         * @param [options] Conversion options
         * @returns Plain object
         */
        static toObject(message: im.C2GSendReq, options?: $protobuf.IConversionOptions): { [k: string]: any };

        /**
         * Converts this C2GSendReq to JSON.
         * @returns JSON object
         */
        toJSON(): { [k: string]: any };
    }

    namespace C2GSendReq {

        /** Properties of a C2GSendReq. */
        interface $Properties {

            /** C2GSendReq groupId */
            groupId?: (string|null);

            /** C2GSendReq clientMsgId */
            clientMsgId?: (string|null);

            /** C2GSendReq contentType */
            contentType?: (number|null);

            /** C2GSendReq content */
            content?: (string|null);

            /** Unknown fields preserved while decoding when enabled */
            $unknowns?: Uint8Array[];
        }

        /** Shape of a C2GSendReq. */
        type $Shape = im.C2GSendReq.$Properties;
    }

    /**
     * Properties of a SendAck.
     * @deprecated Use im.SendAck.$Properties instead.
     */
    interface ISendAck extends im.SendAck.$Properties {
    }

    /** Represents a SendAck. */
    class SendAck {

        /**
         * Constructs a new SendAck.
         * @param [properties] Properties to set
         */
        constructor(properties?: im.SendAck.$Properties);

        /** Unknown fields preserved while decoding when enabled */
        $unknowns?: Uint8Array[];

        /** SendAck msgId. */
        msgId: number;

        /** SendAck seq. */
        seq: number;

        /** SendAck sentAt. */
        sentAt: number;

        /** SendAck clientMsgId. */
        clientMsgId: string;

        /** SendAck duplicate. */
        duplicate: boolean;

        /**
         * Creates a new SendAck instance using the specified properties.
         * @param [properties] Properties to set
         * @returns SendAck instance
         */
        static create(properties: im.SendAck.$Shape): im.SendAck & im.SendAck.$Shape;
        static create(properties?: im.SendAck.$Properties): im.SendAck;

        /**
         * Encodes the specified SendAck message. Does not implicitly {@link im.SendAck.verify|verify} messages.
         * @param message SendAck message or plain object to encode
         * @param [writer] Writer to encode to
         * @returns Writer
         */
        static encode(message: im.SendAck.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;

        /**
         * Decodes a SendAck message from the specified reader or buffer.
         * @param reader Reader or buffer to decode from
         * @param [length] Message length if known beforehand
         * @returns {im.SendAck & im.SendAck.$Shape} SendAck
         * @throws {Error} If the payload is not a reader or valid buffer
         * @throws {$protobuf.util.ProtocolError} If required fields are missing
         */
        static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): im.SendAck & im.SendAck.$Shape;

        /**
         * Creates a SendAck message from a plain object. Also converts values to their respective internal types.
         * @param object Plain object
         * @returns SendAck
         */
        static fromObject(object: { [k: string]: any }): im.SendAck;

        /**
         * Creates a plain object from a SendAck message. Also converts values to other types if specified.
         * @param message SendAck
         * @param [options] Conversion options
         * @returns Plain object
         */
        static toObject(message: im.SendAck, options?: $protobuf.IConversionOptions): { [k: string]: any };

        /**
         * Converts this SendAck to JSON.
         * @returns JSON object
         */
        toJSON(): { [k: string]: any };
    }

    namespace SendAck {

        /** Properties of a SendAck. */
        interface $Properties {

            /** SendAck msgId */
            msgId?: (number|null);

            /** SendAck seq */
            seq?: (number|null);

            /** SendAck sentAt */
            sentAt?: (number|null);

            /** SendAck clientMsgId */
            clientMsgId?: (string|null);

            /** SendAck duplicate */
            duplicate?: (boolean|null);

            /** Unknown fields preserved while decoding when enabled */
            $unknowns?: Uint8Array[];
        }

        /** Shape of a SendAck. */
        type $Shape = im.SendAck.$Properties;
    }

    /**
     * Properties of a MsgPush.
     * @deprecated Use im.MsgPush.$Properties instead.
     */
    interface IMsgPush extends im.MsgPush.$Properties {
    }

    /** Represents a MsgPush. */
    class MsgPush {

        /**
         * Constructs a new MsgPush.
         * @param [properties] Properties to set
         */
        constructor(properties?: im.MsgPush.$Properties);

        /** Unknown fields preserved while decoding when enabled */
        $unknowns?: Uint8Array[];

        /** MsgPush message. */
        message?: (im.Message.$Properties|null);

        /**
         * Creates a new MsgPush instance using the specified properties.
         * @param [properties] Properties to set
         * @returns MsgPush instance
         */
        static create(properties: im.MsgPush.$Shape): im.MsgPush & im.MsgPush.$Shape;
        static create(properties?: im.MsgPush.$Properties): im.MsgPush;

        /**
         * Encodes the specified MsgPush message. Does not implicitly {@link im.MsgPush.verify|verify} messages.
         * @param message MsgPush message or plain object to encode
         * @param [writer] Writer to encode to
         * @returns Writer
         */
        static encode(message: im.MsgPush.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;

        /**
         * Decodes a MsgPush message from the specified reader or buffer.
         * @param reader Reader or buffer to decode from
         * @param [length] Message length if known beforehand
         * @returns {im.MsgPush & im.MsgPush.$Shape} MsgPush
         * @throws {Error} If the payload is not a reader or valid buffer
         * @throws {$protobuf.util.ProtocolError} If required fields are missing
         */
        static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): im.MsgPush & im.MsgPush.$Shape;

        /**
         * Creates a MsgPush message from a plain object. Also converts values to their respective internal types.
         * @param object Plain object
         * @returns MsgPush
         */
        static fromObject(object: { [k: string]: any }): im.MsgPush;

        /**
         * Creates a plain object from a MsgPush message. Also converts values to other types if specified.
         * @param message MsgPush
         * @param [options] Conversion options
         * @returns Plain object
         */
        static toObject(message: im.MsgPush, options?: $protobuf.IConversionOptions): { [k: string]: any };

        /**
         * Converts this MsgPush to JSON.
         * @returns JSON object
         */
        toJSON(): { [k: string]: any };
    }

    namespace MsgPush {

        /** Properties of a MsgPush. */
        interface $Properties {

            /** MsgPush message */
            message?: (im.Message.$Properties|null);

            /** Unknown fields preserved while decoding when enabled */
            $unknowns?: Uint8Array[];
        }

        /** Shape of a MsgPush. */
        type $Shape = im.MsgPush.$Properties;
    }

    /**
     * Properties of a MsgPushAck.
     * @deprecated Use im.MsgPushAck.$Properties instead.
     */
    interface IMsgPushAck extends im.MsgPushAck.$Properties {
    }

    /** Represents a MsgPushAck. */
    class MsgPushAck {

        /**
         * Constructs a new MsgPushAck.
         * @param [properties] Properties to set
         */
        constructor(properties?: im.MsgPushAck.$Properties);

        /** Unknown fields preserved while decoding when enabled */
        $unknowns?: Uint8Array[];

        /** MsgPushAck seqs. */
        seqs: number[];

        /**
         * Creates a new MsgPushAck instance using the specified properties.
         * @param [properties] Properties to set
         * @returns MsgPushAck instance
         */
        static create(properties: im.MsgPushAck.$Shape): im.MsgPushAck & im.MsgPushAck.$Shape;
        static create(properties?: im.MsgPushAck.$Properties): im.MsgPushAck;

        /**
         * Encodes the specified MsgPushAck message. Does not implicitly {@link im.MsgPushAck.verify|verify} messages.
         * @param message MsgPushAck message or plain object to encode
         * @param [writer] Writer to encode to
         * @returns Writer
         */
        static encode(message: im.MsgPushAck.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;

        /**
         * Decodes a MsgPushAck message from the specified reader or buffer.
         * @param reader Reader or buffer to decode from
         * @param [length] Message length if known beforehand
         * @returns {im.MsgPushAck & im.MsgPushAck.$Shape} MsgPushAck
         * @throws {Error} If the payload is not a reader or valid buffer
         * @throws {$protobuf.util.ProtocolError} If required fields are missing
         */
        static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): im.MsgPushAck & im.MsgPushAck.$Shape;

        /**
         * Creates a MsgPushAck message from a plain object. Also converts values to their respective internal types.
         * @param object Plain object
         * @returns MsgPushAck
         */
        static fromObject(object: { [k: string]: any }): im.MsgPushAck;

        /**
         * Creates a plain object from a MsgPushAck message. Also converts values to other types if specified.
         * @param message MsgPushAck
         * @param [options] Conversion options
         * @returns Plain object
         */
        static toObject(message: im.MsgPushAck, options?: $protobuf.IConversionOptions): { [k: string]: any };

        /**
         * Converts this MsgPushAck to JSON.
         * @returns JSON object
         */
        toJSON(): { [k: string]: any };
    }

    namespace MsgPushAck {

        /** Properties of a MsgPushAck. */
        interface $Properties {

            /** MsgPushAck seqs */
            seqs?: (number[]|null);

            /** Unknown fields preserved while decoding when enabled */
            $unknowns?: Uint8Array[];
        }

        /** Shape of a MsgPushAck. */
        type $Shape = im.MsgPushAck.$Properties;
    }

    /**
     * Properties of a PullReq.
     * @deprecated Use im.PullReq.$Properties instead.
     */
    interface IPullReq extends im.PullReq.$Properties {
    }

    /** Represents a PullReq. */
    class PullReq {

        /**
         * Constructs a new PullReq.
         * @param [properties] Properties to set
         */
        constructor(properties?: im.PullReq.$Properties);

        /** Unknown fields preserved while decoding when enabled */
        $unknowns?: Uint8Array[];

        /** PullReq afterSeq. */
        afterSeq: number;

        /** PullReq limit. */
        limit: number;

        /**
         * Creates a new PullReq instance using the specified properties.
         * @param [properties] Properties to set
         * @returns PullReq instance
         */
        static create(properties: im.PullReq.$Shape): im.PullReq & im.PullReq.$Shape;
        static create(properties?: im.PullReq.$Properties): im.PullReq;

        /**
         * Encodes the specified PullReq message. Does not implicitly {@link im.PullReq.verify|verify} messages.
         * @param message PullReq message or plain object to encode
         * @param [writer] Writer to encode to
         * @returns Writer
         */
        static encode(message: im.PullReq.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;

        /**
         * Decodes a PullReq message from the specified reader or buffer.
         * @param reader Reader or buffer to decode from
         * @param [length] Message length if known beforehand
         * @returns {im.PullReq & im.PullReq.$Shape} PullReq
         * @throws {Error} If the payload is not a reader or valid buffer
         * @throws {$protobuf.util.ProtocolError} If required fields are missing
         */
        static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): im.PullReq & im.PullReq.$Shape;

        /**
         * Creates a PullReq message from a plain object. Also converts values to their respective internal types.
         * @param object Plain object
         * @returns PullReq
         */
        static fromObject(object: { [k: string]: any }): im.PullReq;

        /**
         * Creates a plain object from a PullReq message. Also converts values to other types if specified.
         * @param message PullReq
         * @param [options] Conversion options
         * @returns Plain object
         */
        static toObject(message: im.PullReq, options?: $protobuf.IConversionOptions): { [k: string]: any };

        /**
         * Converts this PullReq to JSON.
         * @returns JSON object
         */
        toJSON(): { [k: string]: any };
    }

    namespace PullReq {

        /** Properties of a PullReq. */
        interface $Properties {

            /** PullReq afterSeq */
            afterSeq?: (number|null);

            /** PullReq limit */
            limit?: (number|null);

            /** Unknown fields preserved while decoding when enabled */
            $unknowns?: Uint8Array[];
        }

        /** Shape of a PullReq. */
        type $Shape = im.PullReq.$Properties;
    }

    /**
     * Properties of a PullResp.
     * @deprecated Use im.PullResp.$Properties instead.
     */
    interface IPullResp extends im.PullResp.$Properties {
    }

    /** Represents a PullResp. */
    class PullResp {

        /**
         * Constructs a new PullResp.
         * @param [properties] Properties to set
         */
        constructor(properties?: im.PullResp.$Properties);

        /** Unknown fields preserved while decoding when enabled */
        $unknowns?: Uint8Array[];

        /** PullResp messages. */
        messages: im.Message.$Properties[];

        /** PullResp hasMore. */
        hasMore: boolean;

        /** PullResp maxSeq. */
        maxSeq: number;

        /**
         * Creates a new PullResp instance using the specified properties.
         * @param [properties] Properties to set
         * @returns PullResp instance
         */
        static create(properties: im.PullResp.$Shape): im.PullResp & im.PullResp.$Shape;
        static create(properties?: im.PullResp.$Properties): im.PullResp;

        /**
         * Encodes the specified PullResp message. Does not implicitly {@link im.PullResp.verify|verify} messages.
         * @param message PullResp message or plain object to encode
         * @param [writer] Writer to encode to
         * @returns Writer
         */
        static encode(message: im.PullResp.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;

        /**
         * Decodes a PullResp message from the specified reader or buffer.
         * @param reader Reader or buffer to decode from
         * @param [length] Message length if known beforehand
         * @returns {im.PullResp & im.PullResp.$Shape} PullResp
         * @throws {Error} If the payload is not a reader or valid buffer
         * @throws {$protobuf.util.ProtocolError} If required fields are missing
         */
        static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): im.PullResp & im.PullResp.$Shape;

        /**
         * Creates a PullResp message from a plain object. Also converts values to their respective internal types.
         * @param object Plain object
         * @returns PullResp
         */
        static fromObject(object: { [k: string]: any }): im.PullResp;

        /**
         * Creates a plain object from a PullResp message. Also converts values to other types if specified.
         * @param message PullResp
         * @param [options] Conversion options
         * @returns Plain object
         */
        static toObject(message: im.PullResp, options?: $protobuf.IConversionOptions): { [k: string]: any };

        /**
         * Converts this PullResp to JSON.
         * @returns JSON object
         */
        toJSON(): { [k: string]: any };
    }

    namespace PullResp {

        /** Properties of a PullResp. */
        interface $Properties {

            /** PullResp messages */
            messages?: (im.Message.$Properties[]|null);

            /** PullResp hasMore */
            hasMore?: (boolean|null);

            /** PullResp maxSeq */
            maxSeq?: (number|null);

            /** Unknown fields preserved while decoding when enabled */
            $unknowns?: Uint8Array[];
        }

        /** Shape of a PullResp. */
        type $Shape = im.PullResp.$Properties;
    }

    /**
     * Properties of a C2SSendReq.
     * @deprecated Use im.C2SSendReq.$Properties instead.
     */
    interface IC2SSendReq extends im.C2SSendReq.$Properties {
    }

    /** Represents a C2SSendReq. */
    class C2SSendReq {

        /**
         * Constructs a new C2SSendReq.
         * @param [properties] Properties to set
         */
        constructor(properties?: im.C2SSendReq.$Properties);

        /** Unknown fields preserved while decoding when enabled */
        $unknowns?: Uint8Array[];

        /** C2SSendReq businessId. */
        businessId: string;

        /** C2SSendReq clientMsgId. */
        clientMsgId: string;

        /** C2SSendReq contentType. */
        contentType: number;

        /** C2SSendReq content. */
        content: string;

        /**
         * Creates a new C2SSendReq instance using the specified properties.
         * @param [properties] Properties to set
         * @returns C2SSendReq instance
         */
        static create(properties: im.C2SSendReq.$Shape): im.C2SSendReq & im.C2SSendReq.$Shape;
        static create(properties?: im.C2SSendReq.$Properties): im.C2SSendReq;

        /**
         * Encodes the specified C2SSendReq message. Does not implicitly {@link im.C2SSendReq.verify|verify} messages.
         * @param message C2SSendReq message or plain object to encode
         * @param [writer] Writer to encode to
         * @returns Writer
         */
        static encode(message: im.C2SSendReq.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;

        /**
         * Decodes a C2SSendReq message from the specified reader or buffer.
         * @param reader Reader or buffer to decode from
         * @param [length] Message length if known beforehand
         * @returns {im.C2SSendReq & im.C2SSendReq.$Shape} C2SSendReq
         * @throws {Error} If the payload is not a reader or valid buffer
         * @throws {$protobuf.util.ProtocolError} If required fields are missing
         */
        static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): im.C2SSendReq & im.C2SSendReq.$Shape;

        /**
         * Creates a C2SSendReq message from a plain object. Also converts values to their respective internal types.
         * @param object Plain object
         * @returns C2SSendReq
         */
        static fromObject(object: { [k: string]: any }): im.C2SSendReq;

        /**
         * Creates a plain object from a C2SSendReq message. Also converts values to other types if specified.
         * @param message C2SSendReq
         * @param [options] Conversion options
         * @returns Plain object
         */
        static toObject(message: im.C2SSendReq, options?: $protobuf.IConversionOptions): { [k: string]: any };

        /**
         * Converts this C2SSendReq to JSON.
         * @returns JSON object
         */
        toJSON(): { [k: string]: any };
    }

    namespace C2SSendReq {

        /** Properties of a C2SSendReq. */
        interface $Properties {

            /** C2SSendReq businessId */
            businessId?: (string|null);

            /** C2SSendReq clientMsgId */
            clientMsgId?: (string|null);

            /** C2SSendReq contentType */
            contentType?: (number|null);

            /** C2SSendReq content */
            content?: (string|null);

            /** Unknown fields preserved while decoding when enabled */
            $unknowns?: Uint8Array[];
        }

        /** Shape of a C2SSendReq. */
        type $Shape = im.C2SSendReq.$Properties;
    }

    /**
     * Properties of a C2SSendAck.
     * @deprecated Use im.C2SSendAck.$Properties instead.
     */
    interface IC2SSendAck extends im.C2SSendAck.$Properties {
    }

    /** Represents a C2SSendAck. */
    class C2SSendAck {

        /**
         * Constructs a new C2SSendAck.
         * @param [properties] Properties to set
         */
        constructor(properties?: im.C2SSendAck.$Properties);

        /** Unknown fields preserved while decoding when enabled */
        $unknowns?: Uint8Array[];

        /** C2SSendAck eventId. */
        eventId: string;

        /** C2SSendAck clientMsgId. */
        clientMsgId: string;

        /** C2SSendAck duplicate. */
        duplicate: boolean;

        /**
         * Creates a new C2SSendAck instance using the specified properties.
         * @param [properties] Properties to set
         * @returns C2SSendAck instance
         */
        static create(properties: im.C2SSendAck.$Shape): im.C2SSendAck & im.C2SSendAck.$Shape;
        static create(properties?: im.C2SSendAck.$Properties): im.C2SSendAck;

        /**
         * Encodes the specified C2SSendAck message. Does not implicitly {@link im.C2SSendAck.verify|verify} messages.
         * @param message C2SSendAck message or plain object to encode
         * @param [writer] Writer to encode to
         * @returns Writer
         */
        static encode(message: im.C2SSendAck.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;

        /**
         * Decodes a C2SSendAck message from the specified reader or buffer.
         * @param reader Reader or buffer to decode from
         * @param [length] Message length if known beforehand
         * @returns {im.C2SSendAck & im.C2SSendAck.$Shape} C2SSendAck
         * @throws {Error} If the payload is not a reader or valid buffer
         * @throws {$protobuf.util.ProtocolError} If required fields are missing
         */
        static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): im.C2SSendAck & im.C2SSendAck.$Shape;

        /**
         * Creates a C2SSendAck message from a plain object. Also converts values to their respective internal types.
         * @param object Plain object
         * @returns C2SSendAck
         */
        static fromObject(object: { [k: string]: any }): im.C2SSendAck;

        /**
         * Creates a plain object from a C2SSendAck message. Also converts values to other types if specified.
         * @param message C2SSendAck
         * @param [options] Conversion options
         * @returns Plain object
         */
        static toObject(message: im.C2SSendAck, options?: $protobuf.IConversionOptions): { [k: string]: any };

        /**
         * Converts this C2SSendAck to JSON.
         * @returns JSON object
         */
        toJSON(): { [k: string]: any };
    }

    namespace C2SSendAck {

        /** Properties of a C2SSendAck. */
        interface $Properties {

            /** C2SSendAck eventId */
            eventId?: (string|null);

            /** C2SSendAck clientMsgId */
            clientMsgId?: (string|null);

            /** C2SSendAck duplicate */
            duplicate?: (boolean|null);

            /** Unknown fields preserved while decoding when enabled */
            $unknowns?: Uint8Array[];
        }

        /** Shape of a C2SSendAck. */
        type $Shape = im.C2SSendAck.$Properties;
    }
}
