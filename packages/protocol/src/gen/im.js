/*eslint-disable block-scoped-var, id-length, no-control-regex, no-magic-numbers, no-mixed-operators, no-prototype-builtins, no-redeclare, no-shadow, no-var, sort-vars, default-case, jsdoc/require-param*/
import $protobuf from "protobufjs/minimal.js";

// Common aliases
const $Reader = $protobuf.Reader, $Writer = $protobuf.Writer, $util = $protobuf.util;
const $Object = $util.global.Object, $undefined = $util.global.undefined, $Error = $util.global.Error, $RangeError = $util.global.RangeError, $TypeError = $util.global.TypeError, $Number = $util.global.Number, $String = $util.global.String, $parseInt = $util.global.parseInt, $BigInt = $util.global.BigInt, $Array = $util.global.Array, $Boolean = $util.global.Boolean;

// Exported root namespace
const $root = $protobuf.roots["default"] || ($protobuf.roots["default"] = {});

export const im = $root.im = (() => {

    /**
     * Namespace im.
     * @exports im
     * @namespace
     */
    const im = {};

    /**
     * Cmd enum.
     * @name im.Cmd
     * @enum {number}
     * @property {number} CMD_UNSPECIFIED=0 CMD_UNSPECIFIED value
     * @property {number} HEARTBEAT_REQ=1 HEARTBEAT_REQ value
     * @property {number} HEARTBEAT_RESP=2 HEARTBEAT_RESP value
     * @property {number} AUTH_REQ=3 AUTH_REQ value
     * @property {number} AUTH_RESP=4 AUTH_RESP value
     * @property {number} LOGOUT_REQ=5 LOGOUT_REQ value
     * @property {number} LOGOUT_RESP=6 LOGOUT_RESP value
     * @property {number} KICKOUT=7 KICKOUT value
     * @property {number} CTRL=8 CTRL value
     * @property {number} ERROR=9 ERROR value
     * @property {number} C2C_SEND_REQ=16 C2C_SEND_REQ value
     * @property {number} C2C_SEND_ACK=17 C2C_SEND_ACK value
     * @property {number} MSG_PUSH=18 MSG_PUSH value
     * @property {number} MSG_PUSH_ACK=19 MSG_PUSH_ACK value
     * @property {number} PULL_REQ=20 PULL_REQ value
     * @property {number} PULL_RESP=21 PULL_RESP value
     * @property {number} C2G_SEND_REQ=22 C2G_SEND_REQ value
     * @property {number} C2G_SEND_ACK=23 C2G_SEND_ACK value
     * @property {number} C2S_SEND_REQ=24 C2S_SEND_REQ value
     * @property {number} C2S_SEND_ACK=25 C2S_SEND_ACK value
     */
    im.Cmd = (function() {
        const valuesById = $Object.create(null), values = $Object.create(valuesById);
        values[valuesById[0] = "CMD_UNSPECIFIED"] = 0;
        values[valuesById[1] = "HEARTBEAT_REQ"] = 1;
        values[valuesById[2] = "HEARTBEAT_RESP"] = 2;
        values[valuesById[3] = "AUTH_REQ"] = 3;
        values[valuesById[4] = "AUTH_RESP"] = 4;
        values[valuesById[5] = "LOGOUT_REQ"] = 5;
        values[valuesById[6] = "LOGOUT_RESP"] = 6;
        values[valuesById[7] = "KICKOUT"] = 7;
        values[valuesById[8] = "CTRL"] = 8;
        values[valuesById[9] = "ERROR"] = 9;
        values[valuesById[16] = "C2C_SEND_REQ"] = 16;
        values[valuesById[17] = "C2C_SEND_ACK"] = 17;
        values[valuesById[18] = "MSG_PUSH"] = 18;
        values[valuesById[19] = "MSG_PUSH_ACK"] = 19;
        values[valuesById[20] = "PULL_REQ"] = 20;
        values[valuesById[21] = "PULL_RESP"] = 21;
        values[valuesById[22] = "C2G_SEND_REQ"] = 22;
        values[valuesById[23] = "C2G_SEND_ACK"] = 23;
        values[valuesById[24] = "C2S_SEND_REQ"] = 24;
        values[valuesById[25] = "C2S_SEND_ACK"] = 25;
        return values;
    })();

    /**
     * ErrorCode enum.
     * @name im.ErrorCode
     * @enum {number}
     * @property {number} OK=0 OK value
     * @property {number} BAD_MAGIC=1001 BAD_MAGIC value
     * @property {number} BAD_VERSION=1002 BAD_VERSION value
     * @property {number} BAD_LENGTH=1003 BAD_LENGTH value
     * @property {number} FRAME_TOO_LARGE=1004 FRAME_TOO_LARGE value
     * @property {number} BAD_FLAGS=1005 BAD_FLAGS value
     * @property {number} BAD_RESERVED=1006 BAD_RESERVED value
     * @property {number} UNKNOWN_CMD=1007 UNKNOWN_CMD value
     * @property {number} BAD_BODY=1008 BAD_BODY value
     * @property {number} NOT_AUTHENTICATED=2001 NOT_AUTHENTICATED value
     * @property {number} TOKEN_INVALID=2002 TOKEN_INVALID value
     * @property {number} TOKEN_EXPIRED=2003 TOKEN_EXPIRED value
     * @property {number} AUTH_TIMEOUT=2004 AUTH_TIMEOUT value
     * @property {number} ALREADY_AUTHENTICATED=2005 ALREADY_AUTHENTICATED value
     * @property {number} AUTH_UNAVAILABLE=2006 AUTH_UNAVAILABLE value
     * @property {number} KICKED=2007 KICKED value
     * @property {number} RATE_LIMITED=3001 RATE_LIMITED value
     * @property {number} TOO_MANY_CONNECTIONS=3002 TOO_MANY_CONNECTIONS value
     * @property {number} IDLE_TIMEOUT=3003 IDLE_TIMEOUT value
     * @property {number} INVALID_ARGUMENT=4001 INVALID_ARGUMENT value
     * @property {number} FORBIDDEN=4003 FORBIDDEN value
     * @property {number} USER_NOT_FOUND=4004 USER_NOT_FOUND value
     * @property {number} CONTENT_TOO_LARGE=4013 CONTENT_TOO_LARGE value
     * @property {number} INTERNAL=5000 INTERNAL value
     * @property {number} UNAVAILABLE=5003 UNAVAILABLE value
     */
    im.ErrorCode = (function() {
        const valuesById = $Object.create(null), values = $Object.create(valuesById);
        values[valuesById[0] = "OK"] = 0;
        values[valuesById[1001] = "BAD_MAGIC"] = 1001;
        values[valuesById[1002] = "BAD_VERSION"] = 1002;
        values[valuesById[1003] = "BAD_LENGTH"] = 1003;
        values[valuesById[1004] = "FRAME_TOO_LARGE"] = 1004;
        values[valuesById[1005] = "BAD_FLAGS"] = 1005;
        values[valuesById[1006] = "BAD_RESERVED"] = 1006;
        values[valuesById[1007] = "UNKNOWN_CMD"] = 1007;
        values[valuesById[1008] = "BAD_BODY"] = 1008;
        values[valuesById[2001] = "NOT_AUTHENTICATED"] = 2001;
        values[valuesById[2002] = "TOKEN_INVALID"] = 2002;
        values[valuesById[2003] = "TOKEN_EXPIRED"] = 2003;
        values[valuesById[2004] = "AUTH_TIMEOUT"] = 2004;
        values[valuesById[2005] = "ALREADY_AUTHENTICATED"] = 2005;
        values[valuesById[2006] = "AUTH_UNAVAILABLE"] = 2006;
        values[valuesById[2007] = "KICKED"] = 2007;
        values[valuesById[3001] = "RATE_LIMITED"] = 3001;
        values[valuesById[3002] = "TOO_MANY_CONNECTIONS"] = 3002;
        values[valuesById[3003] = "IDLE_TIMEOUT"] = 3003;
        values[valuesById[4001] = "INVALID_ARGUMENT"] = 4001;
        values[valuesById[4003] = "FORBIDDEN"] = 4003;
        values[valuesById[4004] = "USER_NOT_FOUND"] = 4004;
        values[valuesById[4013] = "CONTENT_TOO_LARGE"] = 4013;
        values[valuesById[5000] = "INTERNAL"] = 5000;
        values[valuesById[5003] = "UNAVAILABLE"] = 5003;
        return values;
    })();

    /**
     * DeviceType enum.
     * @name im.DeviceType
     * @enum {number}
     * @property {number} DEVICE_UNSPECIFIED=0 DEVICE_UNSPECIFIED value
     * @property {number} IOS=1 IOS value
     * @property {number} ANDROID=2 ANDROID value
     * @property {number} WEB=3 WEB value
     * @property {number} DESKTOP=4 DESKTOP value
     * @property {number} PAD=5 PAD value
     */
    im.DeviceType = (function() {
        const valuesById = $Object.create(null), values = $Object.create(valuesById);
        values[valuesById[0] = "DEVICE_UNSPECIFIED"] = 0;
        values[valuesById[1] = "IOS"] = 1;
        values[valuesById[2] = "ANDROID"] = 2;
        values[valuesById[3] = "WEB"] = 3;
        values[valuesById[4] = "DESKTOP"] = 4;
        values[valuesById[5] = "PAD"] = 5;
        return values;
    })();

    /**
     * ConvType enum.
     * @name im.ConvType
     * @enum {number}
     * @property {number} CONV_UNSPECIFIED=0 CONV_UNSPECIFIED value
     * @property {number} C2C=1 C2C value
     * @property {number} GROUP=2 GROUP value
     * @property {number} SYSTEM=3 SYSTEM value
     */
    im.ConvType = (function() {
        const valuesById = $Object.create(null), values = $Object.create(valuesById);
        values[valuesById[0] = "CONV_UNSPECIFIED"] = 0;
        values[valuesById[1] = "C2C"] = 1;
        values[valuesById[2] = "GROUP"] = 2;
        values[valuesById[3] = "SYSTEM"] = 3;
        return values;
    })();

    /**
     * KickReason enum.
     * @name im.KickReason
     * @enum {number}
     * @property {number} KICK_UNSPECIFIED=0 KICK_UNSPECIFIED value
     * @property {number} OTHER_LOGIN=1 OTHER_LOGIN value
     * @property {number} ADMIN=2 ADMIN value
     * @property {number} TOKEN_REVOKED=3 TOKEN_REVOKED value
     */
    im.KickReason = (function() {
        const valuesById = $Object.create(null), values = $Object.create(valuesById);
        values[valuesById[0] = "KICK_UNSPECIFIED"] = 0;
        values[valuesById[1] = "OTHER_LOGIN"] = 1;
        values[valuesById[2] = "ADMIN"] = 2;
        values[valuesById[3] = "TOKEN_REVOKED"] = 3;
        return values;
    })();

    im.ErrorBody = (function() {

        /**
         * Properties of an ErrorBody.
         * @typedef {Object} im.ErrorBody.$Properties
         * @property {number|null} [code] ErrorBody code
         * @property {string|null} [message] ErrorBody message
         * @property {number|null} [retryAfterMs] ErrorBody retryAfterMs
         * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
         */

        /**
         * Properties of an ErrorBody.
         * @memberof im
         * @interface IErrorBody
         * @augments im.ErrorBody.$Properties
         * @deprecated Use im.ErrorBody.$Properties instead.
         */

        /**
         * Shape of an ErrorBody.
         * @typedef {im.ErrorBody.$Properties} im.ErrorBody.$Shape
         */

        /**
         * Constructs a new ErrorBody.
         * @memberof im
         * @classdesc Represents an ErrorBody.
         * @constructor
         * @param {im.ErrorBody.$Properties=} [properties] Properties to set
         * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
         */
        const ErrorBody = function (properties) {
            if (properties)
                for (let keys = $Object.keys(properties), i = 0; i < keys.length; ++i)
                    if (properties[keys[i]] != null && keys[i] !== "__proto__")
                        this[keys[i]] = properties[keys[i]];
        };

        /**
         * ErrorBody code.
         * @member {number} code
         * @memberof im.ErrorBody
         * @instance
         */
        ErrorBody.prototype.code = 0;

        /**
         * ErrorBody message.
         * @member {string} message
         * @memberof im.ErrorBody
         * @instance
         */
        ErrorBody.prototype.message = "";

        /**
         * ErrorBody retryAfterMs.
         * @member {number} retryAfterMs
         * @memberof im.ErrorBody
         * @instance
         */
        ErrorBody.prototype.retryAfterMs = 0;

        /**
         * Creates a new ErrorBody instance using the specified properties.
         * @function create
         * @memberof im.ErrorBody
         * @static
         * @param {im.ErrorBody.$Properties=} [properties] Properties to set
         * @returns {im.ErrorBody} ErrorBody instance
         * @type {{
         *   (properties: im.ErrorBody.$Shape): im.ErrorBody & im.ErrorBody.$Shape;
         *   (properties?: im.ErrorBody.$Properties): im.ErrorBody;
         * }}
         */
        ErrorBody.create = function(properties) {
            return new ErrorBody(properties);
        };

        /**
         * Encodes the specified ErrorBody message. Does not implicitly {@link im.ErrorBody.verify|verify} messages.
         * @function encode
         * @memberof im.ErrorBody
         * @static
         * @param {im.ErrorBody.$Properties} message ErrorBody message or plain object to encode
         * @param {$protobuf.Writer} [writer] Writer to encode to
         * @returns {$protobuf.Writer} Writer
         */
        ErrorBody.encode = function (message, writer, _depth) {
            if (!writer)
                writer = $Writer.create();
            if (_depth === $undefined)
                _depth = 0;
            if (_depth > $util.recursionLimit)
                throw $Error("max depth exceeded");
            if (message.code != null && $Object.hasOwnProperty.call(message, "code") && message.code !== 0)
                writer.uint32(/* id 1, wireType 0 =*/8).uint32(message.code);
            if (message.message != null && $Object.hasOwnProperty.call(message, "message") && message.message !== "")
                writer.uint32(/* id 2, wireType 2 =*/18).string(message.message);
            if (message.retryAfterMs != null && $Object.hasOwnProperty.call(message, "retryAfterMs") && message.retryAfterMs !== 0)
                writer.uint32(/* id 3, wireType 0 =*/24).uint32(message.retryAfterMs);
            if (message.$unknowns != null && $Object.hasOwnProperty.call(message, "$unknowns"))
                for (let i = 0; i < message.$unknowns.length; ++i)
                    writer.raw(message.$unknowns[i]);
            return writer;
        };

        /**
         * Decodes an ErrorBody message from the specified reader or buffer.
         * @function decode
         * @memberof im.ErrorBody
         * @static
         * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
         * @param {number} [length] Message length if known beforehand
         * @returns {im.ErrorBody & im.ErrorBody.$Shape} ErrorBody
         * @throws {Error} If the payload is not a reader or valid buffer
         * @throws {$protobuf.util.ProtocolError} If required fields are missing
         */
        ErrorBody.decode = function (reader, length, _end, _depth, _target) {
            if (!(reader instanceof $Reader))
                reader = $Reader.create(reader);
            if (_depth === $undefined)
                _depth = 0;
            if (_depth > $Reader.recursionLimit)
                throw $Error("max depth exceeded");
            let end, message, value;
            if (length === $undefined)
                end = reader.len;
            else {
                end = reader.pos + length;
                if (end > reader.len)
                    throw $RangeError("index out of range");
                length = reader.len;
                reader.len = end;
            }
            message = _target || new $root.im.ErrorBody();
            while (reader.pos < end) {
                let start = reader.pos;
                let tag = reader.tag();
                if (tag === _end) {
                    _end = $undefined;
                    break;
                }
                let wireType = tag & 7;
                switch (tag >>>= 3) {
                case 1: {
                        if (wireType !== 0)
                            break;
                        if (value = reader.uint32())
                            message.code = value;
                        else
                            delete message.code;
                        continue;
                    }
                case 2: {
                        if (wireType !== 2)
                            break;
                        if ((value = reader.stringVerify()).length)
                            message.message = value;
                        else
                            delete message.message;
                        continue;
                    }
                case 3: {
                        if (wireType !== 0)
                            break;
                        if (value = reader.uint32())
                            message.retryAfterMs = value;
                        else
                            delete message.retryAfterMs;
                        continue;
                    }
                }
                reader.skipType(wireType, _depth, tag);
                if (!reader.discardUnknown) {
                    $util.makeProp(message, "$unknowns", false);
                    (message.$unknowns || (message.$unknowns = [])).push(reader.raw(start, reader.pos));
                }
            }
            if (length !== $undefined) {
                if (reader.pos !== end)
                    throw $RangeError("index out of range");
                reader.len = length;
            }
            if (_end !== $undefined)
                throw $Error("missing end group");
            return message;
        };

        /**
         * Creates an ErrorBody message from a plain object. Also converts values to their respective internal types.
         * @function fromObject
         * @memberof im.ErrorBody
         * @static
         * @param {Object.<string,*>} object Plain object
         * @returns {im.ErrorBody} ErrorBody
         */
        ErrorBody.fromObject = function (object, _depth) {
            if (object instanceof $root.im.ErrorBody)
                return object;
            if (!$util.isObject(object))
                throw $TypeError(".im.ErrorBody: object expected");
            if (_depth === $undefined)
                _depth = 0;
            if (_depth > $util.recursionLimit)
                throw $Error("max depth exceeded");
            let message = new $root.im.ErrorBody();
            if (object.code != null)
                if ($Number(object.code) !== 0)
                    message.code = object.code >>> 0;
            if (object.message != null)
                if (typeof object.message !== "string" || object.message.length)
                    message.message = $String(object.message);
            if (object.retryAfterMs != null)
                if ($Number(object.retryAfterMs) !== 0)
                    message.retryAfterMs = object.retryAfterMs >>> 0;
            return message;
        };

        /**
         * Creates a plain object from an ErrorBody message. Also converts values to other types if specified.
         * @function toObject
         * @memberof im.ErrorBody
         * @static
         * @param {im.ErrorBody} message ErrorBody
         * @param {$protobuf.IConversionOptions} [options] Conversion options
         * @returns {Object.<string,*>} Plain object
         */
        ErrorBody.toObject = function (message, options, _depth) {
            if (!options)
                options = {};
            if (_depth === $undefined)
                _depth = 0;
            if (_depth > $util.recursionLimit)
                throw $Error("max depth exceeded");
            let object = {};
            if (options.defaults) {
                object.code = 0;
                object.message = "";
                object.retryAfterMs = 0;
            }
            if (message.code != null && $Object.hasOwnProperty.call(message, "code"))
                object.code = message.code;
            if (message.message != null && $Object.hasOwnProperty.call(message, "message"))
                object.message = message.message;
            if (message.retryAfterMs != null && $Object.hasOwnProperty.call(message, "retryAfterMs"))
                object.retryAfterMs = message.retryAfterMs;
            return object;
        };

        /**
         * Converts this ErrorBody to JSON.
         * @function toJSON
         * @memberof im.ErrorBody
         * @instance
         * @returns {Object.<string,*>} JSON object
         */
        ErrorBody.prototype.toJSON = function() {
            return ErrorBody.toObject(this, $protobuf.util.toJSONOptions);
        };

        return ErrorBody;
    })();

    im.HeartbeatReq = (function() {

        /**
         * Properties of a HeartbeatReq.
         * @typedef {Object} im.HeartbeatReq.$Properties
         * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
         */

        /**
         * Properties of a HeartbeatReq.
         * @memberof im
         * @interface IHeartbeatReq
         * @augments im.HeartbeatReq.$Properties
         * @deprecated Use im.HeartbeatReq.$Properties instead.
         */

        /**
         * Shape of a HeartbeatReq.
         * @typedef {im.HeartbeatReq.$Properties} im.HeartbeatReq.$Shape
         */

        /**
         * Constructs a new HeartbeatReq.
         * @memberof im
         * @classdesc Represents a HeartbeatReq.
         * @constructor
         * @param {im.HeartbeatReq.$Properties=} [properties] Properties to set
         * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
         */
        const HeartbeatReq = function (properties) {
            if (properties)
                for (let keys = $Object.keys(properties), i = 0; i < keys.length; ++i)
                    if (properties[keys[i]] != null && keys[i] !== "__proto__")
                        this[keys[i]] = properties[keys[i]];
        };

        /**
         * Creates a new HeartbeatReq instance using the specified properties.
         * @function create
         * @memberof im.HeartbeatReq
         * @static
         * @param {im.HeartbeatReq.$Properties=} [properties] Properties to set
         * @returns {im.HeartbeatReq} HeartbeatReq instance
         * @type {{
         *   (properties: im.HeartbeatReq.$Shape): im.HeartbeatReq & im.HeartbeatReq.$Shape;
         *   (properties?: im.HeartbeatReq.$Properties): im.HeartbeatReq;
         * }}
         */
        HeartbeatReq.create = function(properties) {
            return new HeartbeatReq(properties);
        };

        /**
         * Encodes the specified HeartbeatReq message. Does not implicitly {@link im.HeartbeatReq.verify|verify} messages.
         * @function encode
         * @memberof im.HeartbeatReq
         * @static
         * @param {im.HeartbeatReq.$Properties} message HeartbeatReq message or plain object to encode
         * @param {$protobuf.Writer} [writer] Writer to encode to
         * @returns {$protobuf.Writer} Writer
         */
        HeartbeatReq.encode = function (message, writer, _depth) {
            if (!writer)
                writer = $Writer.create();
            if (_depth === $undefined)
                _depth = 0;
            if (_depth > $util.recursionLimit)
                throw $Error("max depth exceeded");
            if (message.$unknowns != null && $Object.hasOwnProperty.call(message, "$unknowns"))
                for (let i = 0; i < message.$unknowns.length; ++i)
                    writer.raw(message.$unknowns[i]);
            return writer;
        };

        /**
         * Decodes a HeartbeatReq message from the specified reader or buffer.
         * @function decode
         * @memberof im.HeartbeatReq
         * @static
         * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
         * @param {number} [length] Message length if known beforehand
         * @returns {im.HeartbeatReq & im.HeartbeatReq.$Shape} HeartbeatReq
         * @throws {Error} If the payload is not a reader or valid buffer
         * @throws {$protobuf.util.ProtocolError} If required fields are missing
         */
        HeartbeatReq.decode = function (reader, length, _end, _depth, _target) {
            if (!(reader instanceof $Reader))
                reader = $Reader.create(reader);
            if (_depth === $undefined)
                _depth = 0;
            if (_depth > $Reader.recursionLimit)
                throw $Error("max depth exceeded");
            let end, message;
            if (length === $undefined)
                end = reader.len;
            else {
                end = reader.pos + length;
                if (end > reader.len)
                    throw $RangeError("index out of range");
                length = reader.len;
                reader.len = end;
            }
            message = _target || new $root.im.HeartbeatReq();
            while (reader.pos < end) {
                let start = reader.pos;
                let tag = reader.tag();
                if (tag === _end) {
                    _end = $undefined;
                    break;
                }
                reader.skipType(tag & 7, _depth, tag);
                if (!reader.discardUnknown) {
                    $util.makeProp(message, "$unknowns", false);
                    (message.$unknowns || (message.$unknowns = [])).push(reader.raw(start, reader.pos));
                }
            }
            if (length !== $undefined) {
                if (reader.pos !== end)
                    throw $RangeError("index out of range");
                reader.len = length;
            }
            if (_end !== $undefined)
                throw $Error("missing end group");
            return message;
        };

        /**
         * Creates a HeartbeatReq message from a plain object. Also converts values to their respective internal types.
         * @function fromObject
         * @memberof im.HeartbeatReq
         * @static
         * @param {Object.<string,*>} object Plain object
         * @returns {im.HeartbeatReq} HeartbeatReq
         */
        HeartbeatReq.fromObject = function (object, _depth) {
            if (object instanceof $root.im.HeartbeatReq)
                return object;
            if (!$util.isObject(object))
                throw $TypeError(".im.HeartbeatReq: object expected");
            if (_depth === $undefined)
                _depth = 0;
            if (_depth > $util.recursionLimit)
                throw $Error("max depth exceeded");
            return new $root.im.HeartbeatReq();
        };

        /**
         * Creates a plain object from a HeartbeatReq message. Also converts values to other types if specified.
         * @function toObject
         * @memberof im.HeartbeatReq
         * @static
         * @param {im.HeartbeatReq} message HeartbeatReq
         * @param {$protobuf.IConversionOptions} [options] Conversion options
         * @returns {Object.<string,*>} Plain object
         */
        HeartbeatReq.toObject = function () {
            return {};
        };

        /**
         * Converts this HeartbeatReq to JSON.
         * @function toJSON
         * @memberof im.HeartbeatReq
         * @instance
         * @returns {Object.<string,*>} JSON object
         */
        HeartbeatReq.prototype.toJSON = function() {
            return HeartbeatReq.toObject(this, $protobuf.util.toJSONOptions);
        };

        return HeartbeatReq;
    })();

    im.HeartbeatResp = (function() {

        /**
         * Properties of a HeartbeatResp.
         * @typedef {Object} im.HeartbeatResp.$Properties
         * @property {number|null} [serverTime] HeartbeatResp serverTime
         * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
         */

        /**
         * Properties of a HeartbeatResp.
         * @memberof im
         * @interface IHeartbeatResp
         * @augments im.HeartbeatResp.$Properties
         * @deprecated Use im.HeartbeatResp.$Properties instead.
         */

        /**
         * Shape of a HeartbeatResp.
         * @typedef {im.HeartbeatResp.$Properties} im.HeartbeatResp.$Shape
         */

        /**
         * Constructs a new HeartbeatResp.
         * @memberof im
         * @classdesc Represents a HeartbeatResp.
         * @constructor
         * @param {im.HeartbeatResp.$Properties=} [properties] Properties to set
         * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
         */
        const HeartbeatResp = function (properties) {
            if (properties)
                for (let keys = $Object.keys(properties), i = 0; i < keys.length; ++i)
                    if (properties[keys[i]] != null && keys[i] !== "__proto__")
                        this[keys[i]] = properties[keys[i]];
        };

        /**
         * HeartbeatResp serverTime.
         * @member {number} serverTime
         * @memberof im.HeartbeatResp
         * @instance
         */
        HeartbeatResp.prototype.serverTime = $util.Long ? $util.Long.fromBits(0,0,true) : 0;

        /**
         * Creates a new HeartbeatResp instance using the specified properties.
         * @function create
         * @memberof im.HeartbeatResp
         * @static
         * @param {im.HeartbeatResp.$Properties=} [properties] Properties to set
         * @returns {im.HeartbeatResp} HeartbeatResp instance
         * @type {{
         *   (properties: im.HeartbeatResp.$Shape): im.HeartbeatResp & im.HeartbeatResp.$Shape;
         *   (properties?: im.HeartbeatResp.$Properties): im.HeartbeatResp;
         * }}
         */
        HeartbeatResp.create = function(properties) {
            return new HeartbeatResp(properties);
        };

        /**
         * Encodes the specified HeartbeatResp message. Does not implicitly {@link im.HeartbeatResp.verify|verify} messages.
         * @function encode
         * @memberof im.HeartbeatResp
         * @static
         * @param {im.HeartbeatResp.$Properties} message HeartbeatResp message or plain object to encode
         * @param {$protobuf.Writer} [writer] Writer to encode to
         * @returns {$protobuf.Writer} Writer
         */
        HeartbeatResp.encode = function (message, writer, _depth) {
            if (!writer)
                writer = $Writer.create();
            if (_depth === $undefined)
                _depth = 0;
            if (_depth > $util.recursionLimit)
                throw $Error("max depth exceeded");
            if (message.serverTime != null && $Object.hasOwnProperty.call(message, "serverTime") && (typeof message.serverTime === "object" ? message.serverTime.low || message.serverTime.high : message.serverTime !== 0))
                writer.uint32(/* id 1, wireType 0 =*/8).uint64(message.serverTime);
            if (message.$unknowns != null && $Object.hasOwnProperty.call(message, "$unknowns"))
                for (let i = 0; i < message.$unknowns.length; ++i)
                    writer.raw(message.$unknowns[i]);
            return writer;
        };

        /**
         * Decodes a HeartbeatResp message from the specified reader or buffer.
         * @function decode
         * @memberof im.HeartbeatResp
         * @static
         * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
         * @param {number} [length] Message length if known beforehand
         * @returns {im.HeartbeatResp & im.HeartbeatResp.$Shape} HeartbeatResp
         * @throws {Error} If the payload is not a reader or valid buffer
         * @throws {$protobuf.util.ProtocolError} If required fields are missing
         */
        HeartbeatResp.decode = function (reader, length, _end, _depth, _target) {
            if (!(reader instanceof $Reader))
                reader = $Reader.create(reader);
            if (_depth === $undefined)
                _depth = 0;
            if (_depth > $Reader.recursionLimit)
                throw $Error("max depth exceeded");
            let end, message, value;
            if (length === $undefined)
                end = reader.len;
            else {
                end = reader.pos + length;
                if (end > reader.len)
                    throw $RangeError("index out of range");
                length = reader.len;
                reader.len = end;
            }
            message = _target || new $root.im.HeartbeatResp();
            while (reader.pos < end) {
                let start = reader.pos;
                let tag = reader.tag();
                if (tag === _end) {
                    _end = $undefined;
                    break;
                }
                let wireType = tag & 7;
                switch (tag >>>= 3) {
                case 1: {
                        if (wireType !== 0)
                            break;
                        if (typeof (value = reader.uint64()) === "object" ? value.low || value.high : value !== 0)
                            message.serverTime = value;
                        else
                            delete message.serverTime;
                        continue;
                    }
                }
                reader.skipType(wireType, _depth, tag);
                if (!reader.discardUnknown) {
                    $util.makeProp(message, "$unknowns", false);
                    (message.$unknowns || (message.$unknowns = [])).push(reader.raw(start, reader.pos));
                }
            }
            if (length !== $undefined) {
                if (reader.pos !== end)
                    throw $RangeError("index out of range");
                reader.len = length;
            }
            if (_end !== $undefined)
                throw $Error("missing end group");
            return message;
        };

        /**
         * Creates a HeartbeatResp message from a plain object. Also converts values to their respective internal types.
         * @function fromObject
         * @memberof im.HeartbeatResp
         * @static
         * @param {Object.<string,*>} object Plain object
         * @returns {im.HeartbeatResp} HeartbeatResp
         */
        HeartbeatResp.fromObject = function (object, _depth) {
            if (object instanceof $root.im.HeartbeatResp)
                return object;
            if (!$util.isObject(object))
                throw $TypeError(".im.HeartbeatResp: object expected");
            if (_depth === $undefined)
                _depth = 0;
            if (_depth > $util.recursionLimit)
                throw $Error("max depth exceeded");
            let message = new $root.im.HeartbeatResp();
            if (object.serverTime != null)
                if (typeof object.serverTime === "object" ? object.serverTime.low || object.serverTime.high : $Number(object.serverTime) !== 0)
                    if ($util.Long)
                        message.serverTime = $util.Long.fromValue(object.serverTime, true);
                    else if (typeof object.serverTime === "string")
                        message.serverTime = $parseInt(object.serverTime, 10);
                    else if (typeof object.serverTime === "number")
                        message.serverTime = object.serverTime;
                    else if (typeof object.serverTime === "object")
                        message.serverTime = new $util.LongBits(object.serverTime.low >>> 0, object.serverTime.high >>> 0).toNumber(true);
            return message;
        };

        /**
         * Creates a plain object from a HeartbeatResp message. Also converts values to other types if specified.
         * @function toObject
         * @memberof im.HeartbeatResp
         * @static
         * @param {im.HeartbeatResp} message HeartbeatResp
         * @param {$protobuf.IConversionOptions} [options] Conversion options
         * @returns {Object.<string,*>} Plain object
         */
        HeartbeatResp.toObject = function (message, options, _depth) {
            if (!options)
                options = {};
            if (_depth === $undefined)
                _depth = 0;
            if (_depth > $util.recursionLimit)
                throw $Error("max depth exceeded");
            let object = {};
            if (options.defaults)
                if ($util.Long) {
                    let long = new $util.Long(0, 0, true);
                    object.serverTime = options.longs === $String ? long.toString() : options.longs === $Number ? long.toNumber() : typeof $BigInt !== "undefined" && options.longs === $BigInt ? long.toBigInt() : long;
                } else
                    object.serverTime = options.longs === $String ? "0" : typeof $BigInt !== "undefined" && options.longs === $BigInt ? $BigInt("0") : 0;
            if (message.serverTime != null && $Object.hasOwnProperty.call(message, "serverTime"))
                if (typeof $BigInt !== "undefined" && options.longs === $BigInt)
                    object.serverTime = typeof message.serverTime === "number" ? $BigInt(message.serverTime) : $util.Long.fromBits(message.serverTime.low >>> 0, message.serverTime.high >>> 0, true).toBigInt();
                else if (typeof message.serverTime === "number")
                    object.serverTime = options.longs === $String ? $String(message.serverTime) : message.serverTime;
                else
                    object.serverTime = options.longs === $String ? $util.Long.prototype.toString.call(message.serverTime) : options.longs === $Number ? new $util.LongBits(message.serverTime.low >>> 0, message.serverTime.high >>> 0).toNumber(true) : message.serverTime;
            return object;
        };

        /**
         * Converts this HeartbeatResp to JSON.
         * @function toJSON
         * @memberof im.HeartbeatResp
         * @instance
         * @returns {Object.<string,*>} JSON object
         */
        HeartbeatResp.prototype.toJSON = function() {
            return HeartbeatResp.toObject(this, $protobuf.util.toJSONOptions);
        };

        return HeartbeatResp;
    })();

    im.AuthReq = (function() {

        /**
         * Properties of an AuthReq.
         * @typedef {Object} im.AuthReq.$Properties
         * @property {string|null} [token] AuthReq token
         * @property {im.DeviceType|null} [deviceType] AuthReq deviceType
         * @property {string|null} [deviceId] AuthReq deviceId
         * @property {string|null} [clientVersion] AuthReq clientVersion
         * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
         */

        /**
         * Properties of an AuthReq.
         * @memberof im
         * @interface IAuthReq
         * @augments im.AuthReq.$Properties
         * @deprecated Use im.AuthReq.$Properties instead.
         */

        /**
         * Shape of an AuthReq.
         * @typedef {im.AuthReq.$Properties} im.AuthReq.$Shape
         */

        /**
         * Constructs a new AuthReq.
         * @memberof im
         * @classdesc Represents an AuthReq.
         * @constructor
         * @param {im.AuthReq.$Properties=} [properties] Properties to set
         * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
         */
        const AuthReq = function (properties) {
            if (properties)
                for (let keys = $Object.keys(properties), i = 0; i < keys.length; ++i)
                    if (properties[keys[i]] != null && keys[i] !== "__proto__")
                        this[keys[i]] = properties[keys[i]];
        };

        /**
         * AuthReq token.
         * @member {string} token
         * @memberof im.AuthReq
         * @instance
         */
        AuthReq.prototype.token = "";

        /**
         * AuthReq deviceType.
         * @member {im.DeviceType} deviceType
         * @memberof im.AuthReq
         * @instance
         */
        AuthReq.prototype.deviceType = 0;

        /**
         * AuthReq deviceId.
         * @member {string} deviceId
         * @memberof im.AuthReq
         * @instance
         */
        AuthReq.prototype.deviceId = "";

        /**
         * AuthReq clientVersion.
         * @member {string} clientVersion
         * @memberof im.AuthReq
         * @instance
         */
        AuthReq.prototype.clientVersion = "";

        /**
         * Creates a new AuthReq instance using the specified properties.
         * @function create
         * @memberof im.AuthReq
         * @static
         * @param {im.AuthReq.$Properties=} [properties] Properties to set
         * @returns {im.AuthReq} AuthReq instance
         * @type {{
         *   (properties: im.AuthReq.$Shape): im.AuthReq & im.AuthReq.$Shape;
         *   (properties?: im.AuthReq.$Properties): im.AuthReq;
         * }}
         */
        AuthReq.create = function(properties) {
            return new AuthReq(properties);
        };

        /**
         * Encodes the specified AuthReq message. Does not implicitly {@link im.AuthReq.verify|verify} messages.
         * @function encode
         * @memberof im.AuthReq
         * @static
         * @param {im.AuthReq.$Properties} message AuthReq message or plain object to encode
         * @param {$protobuf.Writer} [writer] Writer to encode to
         * @returns {$protobuf.Writer} Writer
         */
        AuthReq.encode = function (message, writer, _depth) {
            if (!writer)
                writer = $Writer.create();
            if (_depth === $undefined)
                _depth = 0;
            if (_depth > $util.recursionLimit)
                throw $Error("max depth exceeded");
            if (message.token != null && $Object.hasOwnProperty.call(message, "token") && message.token !== "")
                writer.uint32(/* id 1, wireType 2 =*/10).string(message.token);
            if (message.deviceType != null && $Object.hasOwnProperty.call(message, "deviceType") && message.deviceType !== 0)
                writer.uint32(/* id 2, wireType 0 =*/16).int32(message.deviceType);
            if (message.deviceId != null && $Object.hasOwnProperty.call(message, "deviceId") && message.deviceId !== "")
                writer.uint32(/* id 3, wireType 2 =*/26).string(message.deviceId);
            if (message.clientVersion != null && $Object.hasOwnProperty.call(message, "clientVersion") && message.clientVersion !== "")
                writer.uint32(/* id 4, wireType 2 =*/34).string(message.clientVersion);
            if (message.$unknowns != null && $Object.hasOwnProperty.call(message, "$unknowns"))
                for (let i = 0; i < message.$unknowns.length; ++i)
                    writer.raw(message.$unknowns[i]);
            return writer;
        };

        /**
         * Decodes an AuthReq message from the specified reader or buffer.
         * @function decode
         * @memberof im.AuthReq
         * @static
         * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
         * @param {number} [length] Message length if known beforehand
         * @returns {im.AuthReq & im.AuthReq.$Shape} AuthReq
         * @throws {Error} If the payload is not a reader or valid buffer
         * @throws {$protobuf.util.ProtocolError} If required fields are missing
         */
        AuthReq.decode = function (reader, length, _end, _depth, _target) {
            if (!(reader instanceof $Reader))
                reader = $Reader.create(reader);
            if (_depth === $undefined)
                _depth = 0;
            if (_depth > $Reader.recursionLimit)
                throw $Error("max depth exceeded");
            let end, message, value;
            if (length === $undefined)
                end = reader.len;
            else {
                end = reader.pos + length;
                if (end > reader.len)
                    throw $RangeError("index out of range");
                length = reader.len;
                reader.len = end;
            }
            message = _target || new $root.im.AuthReq();
            while (reader.pos < end) {
                let start = reader.pos;
                let tag = reader.tag();
                if (tag === _end) {
                    _end = $undefined;
                    break;
                }
                let wireType = tag & 7;
                switch (tag >>>= 3) {
                case 1: {
                        if (wireType !== 2)
                            break;
                        if ((value = reader.stringVerify()).length)
                            message.token = value;
                        else
                            delete message.token;
                        continue;
                    }
                case 2: {
                        if (wireType !== 0)
                            break;
                        if (value = reader.int32())
                            message.deviceType = value;
                        else
                            delete message.deviceType;
                        continue;
                    }
                case 3: {
                        if (wireType !== 2)
                            break;
                        if ((value = reader.stringVerify()).length)
                            message.deviceId = value;
                        else
                            delete message.deviceId;
                        continue;
                    }
                case 4: {
                        if (wireType !== 2)
                            break;
                        if ((value = reader.stringVerify()).length)
                            message.clientVersion = value;
                        else
                            delete message.clientVersion;
                        continue;
                    }
                }
                reader.skipType(wireType, _depth, tag);
                if (!reader.discardUnknown) {
                    $util.makeProp(message, "$unknowns", false);
                    (message.$unknowns || (message.$unknowns = [])).push(reader.raw(start, reader.pos));
                }
            }
            if (length !== $undefined) {
                if (reader.pos !== end)
                    throw $RangeError("index out of range");
                reader.len = length;
            }
            if (_end !== $undefined)
                throw $Error("missing end group");
            return message;
        };

        /**
         * Creates an AuthReq message from a plain object. Also converts values to their respective internal types.
         * @function fromObject
         * @memberof im.AuthReq
         * @static
         * @param {Object.<string,*>} object Plain object
         * @returns {im.AuthReq} AuthReq
         */
        AuthReq.fromObject = function (object, _depth) {
            if (object instanceof $root.im.AuthReq)
                return object;
            if (!$util.isObject(object))
                throw $TypeError(".im.AuthReq: object expected");
            if (_depth === $undefined)
                _depth = 0;
            if (_depth > $util.recursionLimit)
                throw $Error("max depth exceeded");
            let message = new $root.im.AuthReq();
            if (object.token != null)
                if (typeof object.token !== "string" || object.token.length)
                    message.token = $String(object.token);
            if (object.deviceType !== 0 && (typeof object.deviceType !== "string" || $root.im.DeviceType[object.deviceType] !== 0))
                switch (object.deviceType) {
                case "DEVICE_UNSPECIFIED":
                case 0:
                    message.deviceType = 0;
                    break;
                case "IOS":
                case 1:
                    message.deviceType = 1;
                    break;
                case "ANDROID":
                case 2:
                    message.deviceType = 2;
                    break;
                case "WEB":
                case 3:
                    message.deviceType = 3;
                    break;
                case "DESKTOP":
                case 4:
                    message.deviceType = 4;
                    break;
                case "PAD":
                case 5:
                    message.deviceType = 5;
                    break;
                default:
                    if (typeof object.deviceType === "number" && (object.deviceType | 0) === object.deviceType)
                        message.deviceType = object.deviceType;
                }
            if (object.deviceId != null)
                if (typeof object.deviceId !== "string" || object.deviceId.length)
                    message.deviceId = $String(object.deviceId);
            if (object.clientVersion != null)
                if (typeof object.clientVersion !== "string" || object.clientVersion.length)
                    message.clientVersion = $String(object.clientVersion);
            return message;
        };

        /**
         * Creates a plain object from an AuthReq message. Also converts values to other types if specified.
         * @function toObject
         * @memberof im.AuthReq
         * @static
         * @param {im.AuthReq} message AuthReq
         * @param {$protobuf.IConversionOptions} [options] Conversion options
         * @returns {Object.<string,*>} Plain object
         */
        AuthReq.toObject = function (message, options, _depth) {
            if (!options)
                options = {};
            if (_depth === $undefined)
                _depth = 0;
            if (_depth > $util.recursionLimit)
                throw $Error("max depth exceeded");
            let object = {};
            if (options.defaults) {
                object.token = "";
                object.deviceType = options.enums === $String ? "DEVICE_UNSPECIFIED" : 0;
                object.deviceId = "";
                object.clientVersion = "";
            }
            if (message.token != null && $Object.hasOwnProperty.call(message, "token"))
                object.token = message.token;
            if (message.deviceType != null && $Object.hasOwnProperty.call(message, "deviceType"))
                object.deviceType = options.enums === $String ? $root.im.DeviceType[message.deviceType] === $undefined ? message.deviceType : $root.im.DeviceType[message.deviceType] : message.deviceType;
            if (message.deviceId != null && $Object.hasOwnProperty.call(message, "deviceId"))
                object.deviceId = message.deviceId;
            if (message.clientVersion != null && $Object.hasOwnProperty.call(message, "clientVersion"))
                object.clientVersion = message.clientVersion;
            return object;
        };

        /**
         * Converts this AuthReq to JSON.
         * @function toJSON
         * @memberof im.AuthReq
         * @instance
         * @returns {Object.<string,*>} JSON object
         */
        AuthReq.prototype.toJSON = function() {
            return AuthReq.toObject(this, $protobuf.util.toJSONOptions);
        };

        return AuthReq;
    })();

    im.AuthResp = (function() {

        /**
         * Properties of an AuthResp.
         * @typedef {Object} im.AuthResp.$Properties
         * @property {string|null} [uid] AuthResp uid
         * @property {string|null} [sessionId] AuthResp sessionId
         * @property {number|null} [serverTime] AuthResp serverTime
         * @property {number|null} [maxSeq] AuthResp maxSeq
         * @property {number|null} [ackedSeq] AuthResp ackedSeq
         * @property {number|null} [heartbeatMs] AuthResp heartbeatMs
         * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
         */

        /**
         * Properties of an AuthResp.
         * @memberof im
         * @interface IAuthResp
         * @augments im.AuthResp.$Properties
         * @deprecated Use im.AuthResp.$Properties instead.
         */

        /**
         * Shape of an AuthResp.
         * @typedef {im.AuthResp.$Properties} im.AuthResp.$Shape
         */

        /**
         * Constructs a new AuthResp.
         * @memberof im
         * @classdesc Represents an AuthResp.
         * @constructor
         * @param {im.AuthResp.$Properties=} [properties] Properties to set
         * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
         */
        const AuthResp = function (properties) {
            if (properties)
                for (let keys = $Object.keys(properties), i = 0; i < keys.length; ++i)
                    if (properties[keys[i]] != null && keys[i] !== "__proto__")
                        this[keys[i]] = properties[keys[i]];
        };

        /**
         * AuthResp uid.
         * @member {string} uid
         * @memberof im.AuthResp
         * @instance
         */
        AuthResp.prototype.uid = "";

        /**
         * AuthResp sessionId.
         * @member {string} sessionId
         * @memberof im.AuthResp
         * @instance
         */
        AuthResp.prototype.sessionId = "";

        /**
         * AuthResp serverTime.
         * @member {number} serverTime
         * @memberof im.AuthResp
         * @instance
         */
        AuthResp.prototype.serverTime = $util.Long ? $util.Long.fromBits(0,0,true) : 0;

        /**
         * AuthResp maxSeq.
         * @member {number} maxSeq
         * @memberof im.AuthResp
         * @instance
         */
        AuthResp.prototype.maxSeq = $util.Long ? $util.Long.fromBits(0,0,true) : 0;

        /**
         * AuthResp ackedSeq.
         * @member {number} ackedSeq
         * @memberof im.AuthResp
         * @instance
         */
        AuthResp.prototype.ackedSeq = $util.Long ? $util.Long.fromBits(0,0,true) : 0;

        /**
         * AuthResp heartbeatMs.
         * @member {number} heartbeatMs
         * @memberof im.AuthResp
         * @instance
         */
        AuthResp.prototype.heartbeatMs = 0;

        /**
         * Creates a new AuthResp instance using the specified properties.
         * @function create
         * @memberof im.AuthResp
         * @static
         * @param {im.AuthResp.$Properties=} [properties] Properties to set
         * @returns {im.AuthResp} AuthResp instance
         * @type {{
         *   (properties: im.AuthResp.$Shape): im.AuthResp & im.AuthResp.$Shape;
         *   (properties?: im.AuthResp.$Properties): im.AuthResp;
         * }}
         */
        AuthResp.create = function(properties) {
            return new AuthResp(properties);
        };

        /**
         * Encodes the specified AuthResp message. Does not implicitly {@link im.AuthResp.verify|verify} messages.
         * @function encode
         * @memberof im.AuthResp
         * @static
         * @param {im.AuthResp.$Properties} message AuthResp message or plain object to encode
         * @param {$protobuf.Writer} [writer] Writer to encode to
         * @returns {$protobuf.Writer} Writer
         */
        AuthResp.encode = function (message, writer, _depth) {
            if (!writer)
                writer = $Writer.create();
            if (_depth === $undefined)
                _depth = 0;
            if (_depth > $util.recursionLimit)
                throw $Error("max depth exceeded");
            if (message.uid != null && $Object.hasOwnProperty.call(message, "uid") && message.uid !== "")
                writer.uint32(/* id 1, wireType 2 =*/10).string(message.uid);
            if (message.sessionId != null && $Object.hasOwnProperty.call(message, "sessionId") && message.sessionId !== "")
                writer.uint32(/* id 2, wireType 2 =*/18).string(message.sessionId);
            if (message.serverTime != null && $Object.hasOwnProperty.call(message, "serverTime") && (typeof message.serverTime === "object" ? message.serverTime.low || message.serverTime.high : message.serverTime !== 0))
                writer.uint32(/* id 3, wireType 0 =*/24).uint64(message.serverTime);
            if (message.maxSeq != null && $Object.hasOwnProperty.call(message, "maxSeq") && (typeof message.maxSeq === "object" ? message.maxSeq.low || message.maxSeq.high : message.maxSeq !== 0))
                writer.uint32(/* id 4, wireType 0 =*/32).uint64(message.maxSeq);
            if (message.ackedSeq != null && $Object.hasOwnProperty.call(message, "ackedSeq") && (typeof message.ackedSeq === "object" ? message.ackedSeq.low || message.ackedSeq.high : message.ackedSeq !== 0))
                writer.uint32(/* id 5, wireType 0 =*/40).uint64(message.ackedSeq);
            if (message.heartbeatMs != null && $Object.hasOwnProperty.call(message, "heartbeatMs") && message.heartbeatMs !== 0)
                writer.uint32(/* id 6, wireType 0 =*/48).uint32(message.heartbeatMs);
            if (message.$unknowns != null && $Object.hasOwnProperty.call(message, "$unknowns"))
                for (let i = 0; i < message.$unknowns.length; ++i)
                    writer.raw(message.$unknowns[i]);
            return writer;
        };

        /**
         * Decodes an AuthResp message from the specified reader or buffer.
         * @function decode
         * @memberof im.AuthResp
         * @static
         * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
         * @param {number} [length] Message length if known beforehand
         * @returns {im.AuthResp & im.AuthResp.$Shape} AuthResp
         * @throws {Error} If the payload is not a reader or valid buffer
         * @throws {$protobuf.util.ProtocolError} If required fields are missing
         */
        AuthResp.decode = function (reader, length, _end, _depth, _target) {
            if (!(reader instanceof $Reader))
                reader = $Reader.create(reader);
            if (_depth === $undefined)
                _depth = 0;
            if (_depth > $Reader.recursionLimit)
                throw $Error("max depth exceeded");
            let end, message, value;
            if (length === $undefined)
                end = reader.len;
            else {
                end = reader.pos + length;
                if (end > reader.len)
                    throw $RangeError("index out of range");
                length = reader.len;
                reader.len = end;
            }
            message = _target || new $root.im.AuthResp();
            while (reader.pos < end) {
                let start = reader.pos;
                let tag = reader.tag();
                if (tag === _end) {
                    _end = $undefined;
                    break;
                }
                let wireType = tag & 7;
                switch (tag >>>= 3) {
                case 1: {
                        if (wireType !== 2)
                            break;
                        if ((value = reader.stringVerify()).length)
                            message.uid = value;
                        else
                            delete message.uid;
                        continue;
                    }
                case 2: {
                        if (wireType !== 2)
                            break;
                        if ((value = reader.stringVerify()).length)
                            message.sessionId = value;
                        else
                            delete message.sessionId;
                        continue;
                    }
                case 3: {
                        if (wireType !== 0)
                            break;
                        if (typeof (value = reader.uint64()) === "object" ? value.low || value.high : value !== 0)
                            message.serverTime = value;
                        else
                            delete message.serverTime;
                        continue;
                    }
                case 4: {
                        if (wireType !== 0)
                            break;
                        if (typeof (value = reader.uint64()) === "object" ? value.low || value.high : value !== 0)
                            message.maxSeq = value;
                        else
                            delete message.maxSeq;
                        continue;
                    }
                case 5: {
                        if (wireType !== 0)
                            break;
                        if (typeof (value = reader.uint64()) === "object" ? value.low || value.high : value !== 0)
                            message.ackedSeq = value;
                        else
                            delete message.ackedSeq;
                        continue;
                    }
                case 6: {
                        if (wireType !== 0)
                            break;
                        if (value = reader.uint32())
                            message.heartbeatMs = value;
                        else
                            delete message.heartbeatMs;
                        continue;
                    }
                }
                reader.skipType(wireType, _depth, tag);
                if (!reader.discardUnknown) {
                    $util.makeProp(message, "$unknowns", false);
                    (message.$unknowns || (message.$unknowns = [])).push(reader.raw(start, reader.pos));
                }
            }
            if (length !== $undefined) {
                if (reader.pos !== end)
                    throw $RangeError("index out of range");
                reader.len = length;
            }
            if (_end !== $undefined)
                throw $Error("missing end group");
            return message;
        };

        /**
         * Creates an AuthResp message from a plain object. Also converts values to their respective internal types.
         * @function fromObject
         * @memberof im.AuthResp
         * @static
         * @param {Object.<string,*>} object Plain object
         * @returns {im.AuthResp} AuthResp
         */
        AuthResp.fromObject = function (object, _depth) {
            if (object instanceof $root.im.AuthResp)
                return object;
            if (!$util.isObject(object))
                throw $TypeError(".im.AuthResp: object expected");
            if (_depth === $undefined)
                _depth = 0;
            if (_depth > $util.recursionLimit)
                throw $Error("max depth exceeded");
            let message = new $root.im.AuthResp();
            if (object.uid != null)
                if (typeof object.uid !== "string" || object.uid.length)
                    message.uid = $String(object.uid);
            if (object.sessionId != null)
                if (typeof object.sessionId !== "string" || object.sessionId.length)
                    message.sessionId = $String(object.sessionId);
            if (object.serverTime != null)
                if (typeof object.serverTime === "object" ? object.serverTime.low || object.serverTime.high : $Number(object.serverTime) !== 0)
                    if ($util.Long)
                        message.serverTime = $util.Long.fromValue(object.serverTime, true);
                    else if (typeof object.serverTime === "string")
                        message.serverTime = $parseInt(object.serverTime, 10);
                    else if (typeof object.serverTime === "number")
                        message.serverTime = object.serverTime;
                    else if (typeof object.serverTime === "object")
                        message.serverTime = new $util.LongBits(object.serverTime.low >>> 0, object.serverTime.high >>> 0).toNumber(true);
            if (object.maxSeq != null)
                if (typeof object.maxSeq === "object" ? object.maxSeq.low || object.maxSeq.high : $Number(object.maxSeq) !== 0)
                    if ($util.Long)
                        message.maxSeq = $util.Long.fromValue(object.maxSeq, true);
                    else if (typeof object.maxSeq === "string")
                        message.maxSeq = $parseInt(object.maxSeq, 10);
                    else if (typeof object.maxSeq === "number")
                        message.maxSeq = object.maxSeq;
                    else if (typeof object.maxSeq === "object")
                        message.maxSeq = new $util.LongBits(object.maxSeq.low >>> 0, object.maxSeq.high >>> 0).toNumber(true);
            if (object.ackedSeq != null)
                if (typeof object.ackedSeq === "object" ? object.ackedSeq.low || object.ackedSeq.high : $Number(object.ackedSeq) !== 0)
                    if ($util.Long)
                        message.ackedSeq = $util.Long.fromValue(object.ackedSeq, true);
                    else if (typeof object.ackedSeq === "string")
                        message.ackedSeq = $parseInt(object.ackedSeq, 10);
                    else if (typeof object.ackedSeq === "number")
                        message.ackedSeq = object.ackedSeq;
                    else if (typeof object.ackedSeq === "object")
                        message.ackedSeq = new $util.LongBits(object.ackedSeq.low >>> 0, object.ackedSeq.high >>> 0).toNumber(true);
            if (object.heartbeatMs != null)
                if ($Number(object.heartbeatMs) !== 0)
                    message.heartbeatMs = object.heartbeatMs >>> 0;
            return message;
        };

        /**
         * Creates a plain object from an AuthResp message. Also converts values to other types if specified.
         * @function toObject
         * @memberof im.AuthResp
         * @static
         * @param {im.AuthResp} message AuthResp
         * @param {$protobuf.IConversionOptions} [options] Conversion options
         * @returns {Object.<string,*>} Plain object
         */
        AuthResp.toObject = function (message, options, _depth) {
            if (!options)
                options = {};
            if (_depth === $undefined)
                _depth = 0;
            if (_depth > $util.recursionLimit)
                throw $Error("max depth exceeded");
            let object = {};
            if (options.defaults) {
                object.uid = "";
                object.sessionId = "";
                if ($util.Long) {
                    let long = new $util.Long(0, 0, true);
                    object.serverTime = options.longs === $String ? long.toString() : options.longs === $Number ? long.toNumber() : typeof $BigInt !== "undefined" && options.longs === $BigInt ? long.toBigInt() : long;
                } else
                    object.serverTime = options.longs === $String ? "0" : typeof $BigInt !== "undefined" && options.longs === $BigInt ? $BigInt("0") : 0;
                if ($util.Long) {
                    let long = new $util.Long(0, 0, true);
                    object.maxSeq = options.longs === $String ? long.toString() : options.longs === $Number ? long.toNumber() : typeof $BigInt !== "undefined" && options.longs === $BigInt ? long.toBigInt() : long;
                } else
                    object.maxSeq = options.longs === $String ? "0" : typeof $BigInt !== "undefined" && options.longs === $BigInt ? $BigInt("0") : 0;
                if ($util.Long) {
                    let long = new $util.Long(0, 0, true);
                    object.ackedSeq = options.longs === $String ? long.toString() : options.longs === $Number ? long.toNumber() : typeof $BigInt !== "undefined" && options.longs === $BigInt ? long.toBigInt() : long;
                } else
                    object.ackedSeq = options.longs === $String ? "0" : typeof $BigInt !== "undefined" && options.longs === $BigInt ? $BigInt("0") : 0;
                object.heartbeatMs = 0;
            }
            if (message.uid != null && $Object.hasOwnProperty.call(message, "uid"))
                object.uid = message.uid;
            if (message.sessionId != null && $Object.hasOwnProperty.call(message, "sessionId"))
                object.sessionId = message.sessionId;
            if (message.serverTime != null && $Object.hasOwnProperty.call(message, "serverTime"))
                if (typeof $BigInt !== "undefined" && options.longs === $BigInt)
                    object.serverTime = typeof message.serverTime === "number" ? $BigInt(message.serverTime) : $util.Long.fromBits(message.serverTime.low >>> 0, message.serverTime.high >>> 0, true).toBigInt();
                else if (typeof message.serverTime === "number")
                    object.serverTime = options.longs === $String ? $String(message.serverTime) : message.serverTime;
                else
                    object.serverTime = options.longs === $String ? $util.Long.prototype.toString.call(message.serverTime) : options.longs === $Number ? new $util.LongBits(message.serverTime.low >>> 0, message.serverTime.high >>> 0).toNumber(true) : message.serverTime;
            if (message.maxSeq != null && $Object.hasOwnProperty.call(message, "maxSeq"))
                if (typeof $BigInt !== "undefined" && options.longs === $BigInt)
                    object.maxSeq = typeof message.maxSeq === "number" ? $BigInt(message.maxSeq) : $util.Long.fromBits(message.maxSeq.low >>> 0, message.maxSeq.high >>> 0, true).toBigInt();
                else if (typeof message.maxSeq === "number")
                    object.maxSeq = options.longs === $String ? $String(message.maxSeq) : message.maxSeq;
                else
                    object.maxSeq = options.longs === $String ? $util.Long.prototype.toString.call(message.maxSeq) : options.longs === $Number ? new $util.LongBits(message.maxSeq.low >>> 0, message.maxSeq.high >>> 0).toNumber(true) : message.maxSeq;
            if (message.ackedSeq != null && $Object.hasOwnProperty.call(message, "ackedSeq"))
                if (typeof $BigInt !== "undefined" && options.longs === $BigInt)
                    object.ackedSeq = typeof message.ackedSeq === "number" ? $BigInt(message.ackedSeq) : $util.Long.fromBits(message.ackedSeq.low >>> 0, message.ackedSeq.high >>> 0, true).toBigInt();
                else if (typeof message.ackedSeq === "number")
                    object.ackedSeq = options.longs === $String ? $String(message.ackedSeq) : message.ackedSeq;
                else
                    object.ackedSeq = options.longs === $String ? $util.Long.prototype.toString.call(message.ackedSeq) : options.longs === $Number ? new $util.LongBits(message.ackedSeq.low >>> 0, message.ackedSeq.high >>> 0).toNumber(true) : message.ackedSeq;
            if (message.heartbeatMs != null && $Object.hasOwnProperty.call(message, "heartbeatMs"))
                object.heartbeatMs = message.heartbeatMs;
            return object;
        };

        /**
         * Converts this AuthResp to JSON.
         * @function toJSON
         * @memberof im.AuthResp
         * @instance
         * @returns {Object.<string,*>} JSON object
         */
        AuthResp.prototype.toJSON = function() {
            return AuthResp.toObject(this, $protobuf.util.toJSONOptions);
        };

        return AuthResp;
    })();

    im.LogoutReq = (function() {

        /**
         * Properties of a LogoutReq.
         * @typedef {Object} im.LogoutReq.$Properties
         * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
         */

        /**
         * Properties of a LogoutReq.
         * @memberof im
         * @interface ILogoutReq
         * @augments im.LogoutReq.$Properties
         * @deprecated Use im.LogoutReq.$Properties instead.
         */

        /**
         * Shape of a LogoutReq.
         * @typedef {im.LogoutReq.$Properties} im.LogoutReq.$Shape
         */

        /**
         * Constructs a new LogoutReq.
         * @memberof im
         * @classdesc Represents a LogoutReq.
         * @constructor
         * @param {im.LogoutReq.$Properties=} [properties] Properties to set
         * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
         */
        const LogoutReq = function (properties) {
            if (properties)
                for (let keys = $Object.keys(properties), i = 0; i < keys.length; ++i)
                    if (properties[keys[i]] != null && keys[i] !== "__proto__")
                        this[keys[i]] = properties[keys[i]];
        };

        /**
         * Creates a new LogoutReq instance using the specified properties.
         * @function create
         * @memberof im.LogoutReq
         * @static
         * @param {im.LogoutReq.$Properties=} [properties] Properties to set
         * @returns {im.LogoutReq} LogoutReq instance
         * @type {{
         *   (properties: im.LogoutReq.$Shape): im.LogoutReq & im.LogoutReq.$Shape;
         *   (properties?: im.LogoutReq.$Properties): im.LogoutReq;
         * }}
         */
        LogoutReq.create = function(properties) {
            return new LogoutReq(properties);
        };

        /**
         * Encodes the specified LogoutReq message. Does not implicitly {@link im.LogoutReq.verify|verify} messages.
         * @function encode
         * @memberof im.LogoutReq
         * @static
         * @param {im.LogoutReq.$Properties} message LogoutReq message or plain object to encode
         * @param {$protobuf.Writer} [writer] Writer to encode to
         * @returns {$protobuf.Writer} Writer
         */
        LogoutReq.encode = function (message, writer, _depth) {
            if (!writer)
                writer = $Writer.create();
            if (_depth === $undefined)
                _depth = 0;
            if (_depth > $util.recursionLimit)
                throw $Error("max depth exceeded");
            if (message.$unknowns != null && $Object.hasOwnProperty.call(message, "$unknowns"))
                for (let i = 0; i < message.$unknowns.length; ++i)
                    writer.raw(message.$unknowns[i]);
            return writer;
        };

        /**
         * Decodes a LogoutReq message from the specified reader or buffer.
         * @function decode
         * @memberof im.LogoutReq
         * @static
         * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
         * @param {number} [length] Message length if known beforehand
         * @returns {im.LogoutReq & im.LogoutReq.$Shape} LogoutReq
         * @throws {Error} If the payload is not a reader or valid buffer
         * @throws {$protobuf.util.ProtocolError} If required fields are missing
         */
        LogoutReq.decode = function (reader, length, _end, _depth, _target) {
            if (!(reader instanceof $Reader))
                reader = $Reader.create(reader);
            if (_depth === $undefined)
                _depth = 0;
            if (_depth > $Reader.recursionLimit)
                throw $Error("max depth exceeded");
            let end, message;
            if (length === $undefined)
                end = reader.len;
            else {
                end = reader.pos + length;
                if (end > reader.len)
                    throw $RangeError("index out of range");
                length = reader.len;
                reader.len = end;
            }
            message = _target || new $root.im.LogoutReq();
            while (reader.pos < end) {
                let start = reader.pos;
                let tag = reader.tag();
                if (tag === _end) {
                    _end = $undefined;
                    break;
                }
                reader.skipType(tag & 7, _depth, tag);
                if (!reader.discardUnknown) {
                    $util.makeProp(message, "$unknowns", false);
                    (message.$unknowns || (message.$unknowns = [])).push(reader.raw(start, reader.pos));
                }
            }
            if (length !== $undefined) {
                if (reader.pos !== end)
                    throw $RangeError("index out of range");
                reader.len = length;
            }
            if (_end !== $undefined)
                throw $Error("missing end group");
            return message;
        };

        /**
         * Creates a LogoutReq message from a plain object. Also converts values to their respective internal types.
         * @function fromObject
         * @memberof im.LogoutReq
         * @static
         * @param {Object.<string,*>} object Plain object
         * @returns {im.LogoutReq} LogoutReq
         */
        LogoutReq.fromObject = function (object, _depth) {
            if (object instanceof $root.im.LogoutReq)
                return object;
            if (!$util.isObject(object))
                throw $TypeError(".im.LogoutReq: object expected");
            if (_depth === $undefined)
                _depth = 0;
            if (_depth > $util.recursionLimit)
                throw $Error("max depth exceeded");
            return new $root.im.LogoutReq();
        };

        /**
         * Creates a plain object from a LogoutReq message. Also converts values to other types if specified.
         * @function toObject
         * @memberof im.LogoutReq
         * @static
         * @param {im.LogoutReq} message LogoutReq
         * @param {$protobuf.IConversionOptions} [options] Conversion options
         * @returns {Object.<string,*>} Plain object
         */
        LogoutReq.toObject = function () {
            return {};
        };

        /**
         * Converts this LogoutReq to JSON.
         * @function toJSON
         * @memberof im.LogoutReq
         * @instance
         * @returns {Object.<string,*>} JSON object
         */
        LogoutReq.prototype.toJSON = function() {
            return LogoutReq.toObject(this, $protobuf.util.toJSONOptions);
        };

        return LogoutReq;
    })();

    im.LogoutResp = (function() {

        /**
         * Properties of a LogoutResp.
         * @typedef {Object} im.LogoutResp.$Properties
         * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
         */

        /**
         * Properties of a LogoutResp.
         * @memberof im
         * @interface ILogoutResp
         * @augments im.LogoutResp.$Properties
         * @deprecated Use im.LogoutResp.$Properties instead.
         */

        /**
         * Shape of a LogoutResp.
         * @typedef {im.LogoutResp.$Properties} im.LogoutResp.$Shape
         */

        /**
         * Constructs a new LogoutResp.
         * @memberof im
         * @classdesc Represents a LogoutResp.
         * @constructor
         * @param {im.LogoutResp.$Properties=} [properties] Properties to set
         * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
         */
        const LogoutResp = function (properties) {
            if (properties)
                for (let keys = $Object.keys(properties), i = 0; i < keys.length; ++i)
                    if (properties[keys[i]] != null && keys[i] !== "__proto__")
                        this[keys[i]] = properties[keys[i]];
        };

        /**
         * Creates a new LogoutResp instance using the specified properties.
         * @function create
         * @memberof im.LogoutResp
         * @static
         * @param {im.LogoutResp.$Properties=} [properties] Properties to set
         * @returns {im.LogoutResp} LogoutResp instance
         * @type {{
         *   (properties: im.LogoutResp.$Shape): im.LogoutResp & im.LogoutResp.$Shape;
         *   (properties?: im.LogoutResp.$Properties): im.LogoutResp;
         * }}
         */
        LogoutResp.create = function(properties) {
            return new LogoutResp(properties);
        };

        /**
         * Encodes the specified LogoutResp message. Does not implicitly {@link im.LogoutResp.verify|verify} messages.
         * @function encode
         * @memberof im.LogoutResp
         * @static
         * @param {im.LogoutResp.$Properties} message LogoutResp message or plain object to encode
         * @param {$protobuf.Writer} [writer] Writer to encode to
         * @returns {$protobuf.Writer} Writer
         */
        LogoutResp.encode = function (message, writer, _depth) {
            if (!writer)
                writer = $Writer.create();
            if (_depth === $undefined)
                _depth = 0;
            if (_depth > $util.recursionLimit)
                throw $Error("max depth exceeded");
            if (message.$unknowns != null && $Object.hasOwnProperty.call(message, "$unknowns"))
                for (let i = 0; i < message.$unknowns.length; ++i)
                    writer.raw(message.$unknowns[i]);
            return writer;
        };

        /**
         * Decodes a LogoutResp message from the specified reader or buffer.
         * @function decode
         * @memberof im.LogoutResp
         * @static
         * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
         * @param {number} [length] Message length if known beforehand
         * @returns {im.LogoutResp & im.LogoutResp.$Shape} LogoutResp
         * @throws {Error} If the payload is not a reader or valid buffer
         * @throws {$protobuf.util.ProtocolError} If required fields are missing
         */
        LogoutResp.decode = function (reader, length, _end, _depth, _target) {
            if (!(reader instanceof $Reader))
                reader = $Reader.create(reader);
            if (_depth === $undefined)
                _depth = 0;
            if (_depth > $Reader.recursionLimit)
                throw $Error("max depth exceeded");
            let end, message;
            if (length === $undefined)
                end = reader.len;
            else {
                end = reader.pos + length;
                if (end > reader.len)
                    throw $RangeError("index out of range");
                length = reader.len;
                reader.len = end;
            }
            message = _target || new $root.im.LogoutResp();
            while (reader.pos < end) {
                let start = reader.pos;
                let tag = reader.tag();
                if (tag === _end) {
                    _end = $undefined;
                    break;
                }
                reader.skipType(tag & 7, _depth, tag);
                if (!reader.discardUnknown) {
                    $util.makeProp(message, "$unknowns", false);
                    (message.$unknowns || (message.$unknowns = [])).push(reader.raw(start, reader.pos));
                }
            }
            if (length !== $undefined) {
                if (reader.pos !== end)
                    throw $RangeError("index out of range");
                reader.len = length;
            }
            if (_end !== $undefined)
                throw $Error("missing end group");
            return message;
        };

        /**
         * Creates a LogoutResp message from a plain object. Also converts values to their respective internal types.
         * @function fromObject
         * @memberof im.LogoutResp
         * @static
         * @param {Object.<string,*>} object Plain object
         * @returns {im.LogoutResp} LogoutResp
         */
        LogoutResp.fromObject = function (object, _depth) {
            if (object instanceof $root.im.LogoutResp)
                return object;
            if (!$util.isObject(object))
                throw $TypeError(".im.LogoutResp: object expected");
            if (_depth === $undefined)
                _depth = 0;
            if (_depth > $util.recursionLimit)
                throw $Error("max depth exceeded");
            return new $root.im.LogoutResp();
        };

        /**
         * Creates a plain object from a LogoutResp message. Also converts values to other types if specified.
         * @function toObject
         * @memberof im.LogoutResp
         * @static
         * @param {im.LogoutResp} message LogoutResp
         * @param {$protobuf.IConversionOptions} [options] Conversion options
         * @returns {Object.<string,*>} Plain object
         */
        LogoutResp.toObject = function () {
            return {};
        };

        /**
         * Converts this LogoutResp to JSON.
         * @function toJSON
         * @memberof im.LogoutResp
         * @instance
         * @returns {Object.<string,*>} JSON object
         */
        LogoutResp.prototype.toJSON = function() {
            return LogoutResp.toObject(this, $protobuf.util.toJSONOptions);
        };

        return LogoutResp;
    })();

    im.Kickout = (function() {

        /**
         * Properties of a Kickout.
         * @typedef {Object} im.Kickout.$Properties
         * @property {im.KickReason|null} [reason] Kickout reason
         * @property {string|null} [message] Kickout message
         * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
         */

        /**
         * Properties of a Kickout.
         * @memberof im
         * @interface IKickout
         * @augments im.Kickout.$Properties
         * @deprecated Use im.Kickout.$Properties instead.
         */

        /**
         * Shape of a Kickout.
         * @typedef {im.Kickout.$Properties} im.Kickout.$Shape
         */

        /**
         * Constructs a new Kickout.
         * @memberof im
         * @classdesc Represents a Kickout.
         * @constructor
         * @param {im.Kickout.$Properties=} [properties] Properties to set
         * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
         */
        const Kickout = function (properties) {
            if (properties)
                for (let keys = $Object.keys(properties), i = 0; i < keys.length; ++i)
                    if (properties[keys[i]] != null && keys[i] !== "__proto__")
                        this[keys[i]] = properties[keys[i]];
        };

        /**
         * Kickout reason.
         * @member {im.KickReason} reason
         * @memberof im.Kickout
         * @instance
         */
        Kickout.prototype.reason = 0;

        /**
         * Kickout message.
         * @member {string} message
         * @memberof im.Kickout
         * @instance
         */
        Kickout.prototype.message = "";

        /**
         * Creates a new Kickout instance using the specified properties.
         * @function create
         * @memberof im.Kickout
         * @static
         * @param {im.Kickout.$Properties=} [properties] Properties to set
         * @returns {im.Kickout} Kickout instance
         * @type {{
         *   (properties: im.Kickout.$Shape): im.Kickout & im.Kickout.$Shape;
         *   (properties?: im.Kickout.$Properties): im.Kickout;
         * }}
         */
        Kickout.create = function(properties) {
            return new Kickout(properties);
        };

        /**
         * Encodes the specified Kickout message. Does not implicitly {@link im.Kickout.verify|verify} messages.
         * @function encode
         * @memberof im.Kickout
         * @static
         * @param {im.Kickout.$Properties} message Kickout message or plain object to encode
         * @param {$protobuf.Writer} [writer] Writer to encode to
         * @returns {$protobuf.Writer} Writer
         */
        Kickout.encode = function (message, writer, _depth) {
            if (!writer)
                writer = $Writer.create();
            if (_depth === $undefined)
                _depth = 0;
            if (_depth > $util.recursionLimit)
                throw $Error("max depth exceeded");
            if (message.reason != null && $Object.hasOwnProperty.call(message, "reason") && message.reason !== 0)
                writer.uint32(/* id 1, wireType 0 =*/8).int32(message.reason);
            if (message.message != null && $Object.hasOwnProperty.call(message, "message") && message.message !== "")
                writer.uint32(/* id 2, wireType 2 =*/18).string(message.message);
            if (message.$unknowns != null && $Object.hasOwnProperty.call(message, "$unknowns"))
                for (let i = 0; i < message.$unknowns.length; ++i)
                    writer.raw(message.$unknowns[i]);
            return writer;
        };

        /**
         * Decodes a Kickout message from the specified reader or buffer.
         * @function decode
         * @memberof im.Kickout
         * @static
         * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
         * @param {number} [length] Message length if known beforehand
         * @returns {im.Kickout & im.Kickout.$Shape} Kickout
         * @throws {Error} If the payload is not a reader or valid buffer
         * @throws {$protobuf.util.ProtocolError} If required fields are missing
         */
        Kickout.decode = function (reader, length, _end, _depth, _target) {
            if (!(reader instanceof $Reader))
                reader = $Reader.create(reader);
            if (_depth === $undefined)
                _depth = 0;
            if (_depth > $Reader.recursionLimit)
                throw $Error("max depth exceeded");
            let end, message, value;
            if (length === $undefined)
                end = reader.len;
            else {
                end = reader.pos + length;
                if (end > reader.len)
                    throw $RangeError("index out of range");
                length = reader.len;
                reader.len = end;
            }
            message = _target || new $root.im.Kickout();
            while (reader.pos < end) {
                let start = reader.pos;
                let tag = reader.tag();
                if (tag === _end) {
                    _end = $undefined;
                    break;
                }
                let wireType = tag & 7;
                switch (tag >>>= 3) {
                case 1: {
                        if (wireType !== 0)
                            break;
                        if (value = reader.int32())
                            message.reason = value;
                        else
                            delete message.reason;
                        continue;
                    }
                case 2: {
                        if (wireType !== 2)
                            break;
                        if ((value = reader.stringVerify()).length)
                            message.message = value;
                        else
                            delete message.message;
                        continue;
                    }
                }
                reader.skipType(wireType, _depth, tag);
                if (!reader.discardUnknown) {
                    $util.makeProp(message, "$unknowns", false);
                    (message.$unknowns || (message.$unknowns = [])).push(reader.raw(start, reader.pos));
                }
            }
            if (length !== $undefined) {
                if (reader.pos !== end)
                    throw $RangeError("index out of range");
                reader.len = length;
            }
            if (_end !== $undefined)
                throw $Error("missing end group");
            return message;
        };

        /**
         * Creates a Kickout message from a plain object. Also converts values to their respective internal types.
         * @function fromObject
         * @memberof im.Kickout
         * @static
         * @param {Object.<string,*>} object Plain object
         * @returns {im.Kickout} Kickout
         */
        Kickout.fromObject = function (object, _depth) {
            if (object instanceof $root.im.Kickout)
                return object;
            if (!$util.isObject(object))
                throw $TypeError(".im.Kickout: object expected");
            if (_depth === $undefined)
                _depth = 0;
            if (_depth > $util.recursionLimit)
                throw $Error("max depth exceeded");
            let message = new $root.im.Kickout();
            if (object.reason !== 0 && (typeof object.reason !== "string" || $root.im.KickReason[object.reason] !== 0))
                switch (object.reason) {
                case "KICK_UNSPECIFIED":
                case 0:
                    message.reason = 0;
                    break;
                case "OTHER_LOGIN":
                case 1:
                    message.reason = 1;
                    break;
                case "ADMIN":
                case 2:
                    message.reason = 2;
                    break;
                case "TOKEN_REVOKED":
                case 3:
                    message.reason = 3;
                    break;
                default:
                    if (typeof object.reason === "number" && (object.reason | 0) === object.reason)
                        message.reason = object.reason;
                }
            if (object.message != null)
                if (typeof object.message !== "string" || object.message.length)
                    message.message = $String(object.message);
            return message;
        };

        /**
         * Creates a plain object from a Kickout message. Also converts values to other types if specified.
         * @function toObject
         * @memberof im.Kickout
         * @static
         * @param {im.Kickout} message Kickout
         * @param {$protobuf.IConversionOptions} [options] Conversion options
         * @returns {Object.<string,*>} Plain object
         */
        Kickout.toObject = function (message, options, _depth) {
            if (!options)
                options = {};
            if (_depth === $undefined)
                _depth = 0;
            if (_depth > $util.recursionLimit)
                throw $Error("max depth exceeded");
            let object = {};
            if (options.defaults) {
                object.reason = options.enums === $String ? "KICK_UNSPECIFIED" : 0;
                object.message = "";
            }
            if (message.reason != null && $Object.hasOwnProperty.call(message, "reason"))
                object.reason = options.enums === $String ? $root.im.KickReason[message.reason] === $undefined ? message.reason : $root.im.KickReason[message.reason] : message.reason;
            if (message.message != null && $Object.hasOwnProperty.call(message, "message"))
                object.message = message.message;
            return object;
        };

        /**
         * Converts this Kickout to JSON.
         * @function toJSON
         * @memberof im.Kickout
         * @instance
         * @returns {Object.<string,*>} JSON object
         */
        Kickout.prototype.toJSON = function() {
            return Kickout.toObject(this, $protobuf.util.toJSONOptions);
        };

        return Kickout;
    })();

    im.Ctrl = (function() {

        /**
         * Properties of a Ctrl.
         * @typedef {Object} im.Ctrl.$Properties
         * @property {im.Ctrl.Type|null} [type] Ctrl type
         * @property {Array.<string>|null} [endpoints] Ctrl endpoints
         * @property {number|null} [delayMs] Ctrl delayMs
         * @property {Object.<string,string>|null} [config] Ctrl config
         * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
         */

        /**
         * Properties of a Ctrl.
         * @memberof im
         * @interface ICtrl
         * @augments im.Ctrl.$Properties
         * @deprecated Use im.Ctrl.$Properties instead.
         */

        /**
         * Shape of a Ctrl.
         * @typedef {im.Ctrl.$Properties} im.Ctrl.$Shape
         */

        /**
         * Constructs a new Ctrl.
         * @memberof im
         * @classdesc Represents a Ctrl.
         * @constructor
         * @param {im.Ctrl.$Properties=} [properties] Properties to set
         * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
         */
        const Ctrl = function (properties) {
            this.endpoints = [];
            this.config = {};
            if (properties)
                for (let keys = $Object.keys(properties), i = 0; i < keys.length; ++i)
                    if (properties[keys[i]] != null && keys[i] !== "__proto__")
                        this[keys[i]] = properties[keys[i]];
        };

        /**
         * Ctrl type.
         * @member {im.Ctrl.Type} type
         * @memberof im.Ctrl
         * @instance
         */
        Ctrl.prototype.type = 0;

        /**
         * Ctrl endpoints.
         * @member {Array.<string>} endpoints
         * @memberof im.Ctrl
         * @instance
         */
        Ctrl.prototype.endpoints = $util.emptyArray;

        /**
         * Ctrl delayMs.
         * @member {number} delayMs
         * @memberof im.Ctrl
         * @instance
         */
        Ctrl.prototype.delayMs = 0;

        /**
         * Ctrl config.
         * @member {Object.<string,string>} config
         * @memberof im.Ctrl
         * @instance
         */
        Ctrl.prototype.config = $util.emptyObject;

        /**
         * Creates a new Ctrl instance using the specified properties.
         * @function create
         * @memberof im.Ctrl
         * @static
         * @param {im.Ctrl.$Properties=} [properties] Properties to set
         * @returns {im.Ctrl} Ctrl instance
         * @type {{
         *   (properties: im.Ctrl.$Shape): im.Ctrl & im.Ctrl.$Shape;
         *   (properties?: im.Ctrl.$Properties): im.Ctrl;
         * }}
         */
        Ctrl.create = function(properties) {
            return new Ctrl(properties);
        };

        /**
         * Encodes the specified Ctrl message. Does not implicitly {@link im.Ctrl.verify|verify} messages.
         * @function encode
         * @memberof im.Ctrl
         * @static
         * @param {im.Ctrl.$Properties} message Ctrl message or plain object to encode
         * @param {$protobuf.Writer} [writer] Writer to encode to
         * @returns {$protobuf.Writer} Writer
         */
        Ctrl.encode = function (message, writer, _depth) {
            if (!writer)
                writer = $Writer.create();
            if (_depth === $undefined)
                _depth = 0;
            if (_depth > $util.recursionLimit)
                throw $Error("max depth exceeded");
            if (message.type != null && $Object.hasOwnProperty.call(message, "type") && message.type !== 0)
                writer.uint32(/* id 1, wireType 0 =*/8).int32(message.type);
            if (message.endpoints != null && message.endpoints.length)
                for (let i = 0; i < message.endpoints.length; ++i)
                    writer.uint32(/* id 2, wireType 2 =*/18).string(message.endpoints[i]);
            if (message.delayMs != null && $Object.hasOwnProperty.call(message, "delayMs") && message.delayMs !== 0)
                writer.uint32(/* id 3, wireType 0 =*/24).uint32(message.delayMs);
            if (message.config != null && $Object.hasOwnProperty.call(message, "config"))
                for (let keys = $Object.keys(message.config), i = 0; i < keys.length; ++i)
                    writer.uint32(/* id 4, wireType 2 =*/34).fork().uint32(/* id 1, wireType 2 =*/10).string(keys[i]).uint32(/* id 2, wireType 2 =*/18).string(message.config[keys[i]]).ldelim();
            if (message.$unknowns != null && $Object.hasOwnProperty.call(message, "$unknowns"))
                for (let i = 0; i < message.$unknowns.length; ++i)
                    writer.raw(message.$unknowns[i]);
            return writer;
        };

        /**
         * Decodes a Ctrl message from the specified reader or buffer.
         * @function decode
         * @memberof im.Ctrl
         * @static
         * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
         * @param {number} [length] Message length if known beforehand
         * @returns {im.Ctrl & im.Ctrl.$Shape} Ctrl
         * @throws {Error} If the payload is not a reader or valid buffer
         * @throws {$protobuf.util.ProtocolError} If required fields are missing
         */
        Ctrl.decode = function (reader, length, _end, _depth, _target) {
            if (!(reader instanceof $Reader))
                reader = $Reader.create(reader);
            if (_depth === $undefined)
                _depth = 0;
            if (_depth > $Reader.recursionLimit)
                throw $Error("max depth exceeded");
            let end, message, key, value;
            if (length === $undefined)
                end = reader.len;
            else {
                end = reader.pos + length;
                if (end > reader.len)
                    throw $RangeError("index out of range");
                length = reader.len;
                reader.len = end;
            }
            message = _target || new $root.im.Ctrl();
            while (reader.pos < end) {
                let start = reader.pos;
                let tag = reader.tag();
                if (tag === _end) {
                    _end = $undefined;
                    break;
                }
                let wireType = tag & 7;
                switch (tag >>>= 3) {
                case 1: {
                        if (wireType !== 0)
                            break;
                        if (value = reader.int32())
                            message.type = value;
                        else
                            delete message.type;
                        continue;
                    }
                case 2: {
                        if (wireType !== 2)
                            break;
                        if (!(message.endpoints && message.endpoints.length))
                            message.endpoints = [];
                        message.endpoints.push(reader.stringVerify());
                        continue;
                    }
                case 3: {
                        if (wireType !== 0)
                            break;
                        if (value = reader.uint32())
                            message.delayMs = value;
                        else
                            delete message.delayMs;
                        continue;
                    }
                case 4: {
                        if (wireType !== 2)
                            break;
                        if (message.config === $util.emptyObject)
                            message.config = {};
                        let end2 = reader.size() + reader.pos;
                        if (end2 > reader.len)
                            throw $RangeError("index out of range");
                        reader.len = end2;
                        key = "";
                        value = "";
                        while (reader.pos < end2) {
                            let tag2 = reader.tag();
                            wireType = tag2 & 7;
                            switch (tag2 >>>= 3) {
                            case 1:
                                if (wireType !== 2)
                                    break;
                                key = reader.stringVerify();
                                continue;
                            case 2:
                                if (wireType !== 2)
                                    break;
                                value = reader.stringVerify();
                                continue;
                            }
                            reader.skipType(wireType, _depth, tag2);
                        }
                        if (reader.pos !== end2)
                            throw $RangeError("index out of range");
                        reader.len = end;
                        if (key === "__proto__")
                            $util.makeProp(message.config, key);
                        message.config[key] = value;
                        continue;
                    }
                }
                reader.skipType(wireType, _depth, tag);
                if (!reader.discardUnknown) {
                    $util.makeProp(message, "$unknowns", false);
                    (message.$unknowns || (message.$unknowns = [])).push(reader.raw(start, reader.pos));
                }
            }
            if (length !== $undefined) {
                if (reader.pos !== end)
                    throw $RangeError("index out of range");
                reader.len = length;
            }
            if (_end !== $undefined)
                throw $Error("missing end group");
            return message;
        };

        /**
         * Creates a Ctrl message from a plain object. Also converts values to their respective internal types.
         * @function fromObject
         * @memberof im.Ctrl
         * @static
         * @param {Object.<string,*>} object Plain object
         * @returns {im.Ctrl} Ctrl
         */
        Ctrl.fromObject = function (object, _depth) {
            if (object instanceof $root.im.Ctrl)
                return object;
            if (!$util.isObject(object))
                throw $TypeError(".im.Ctrl: object expected");
            if (_depth === $undefined)
                _depth = 0;
            if (_depth > $util.recursionLimit)
                throw $Error("max depth exceeded");
            let message = new $root.im.Ctrl();
            if (object.type !== 0 && (typeof object.type !== "string" || $root.im.Ctrl.Type[object.type] !== 0))
                switch (object.type) {
                case "TYPE_UNSPECIFIED":
                case 0:
                    message.type = 0;
                    break;
                case "RECONNECT":
                case 1:
                    message.type = 1;
                    break;
                case "CONFIG":
                case 2:
                    message.type = 2;
                    break;
                default:
                    if (typeof object.type === "number" && (object.type | 0) === object.type)
                        message.type = object.type;
                }
            if (object.endpoints) {
                if (!$Array.isArray(object.endpoints))
                    throw $TypeError(".im.Ctrl.endpoints: array expected");
                message.endpoints = $Array(object.endpoints.length);
                for (let i = 0; i < object.endpoints.length; ++i)
                    message.endpoints[i] = $String(object.endpoints[i]);
            }
            if (object.delayMs != null)
                if ($Number(object.delayMs) !== 0)
                    message.delayMs = object.delayMs >>> 0;
            if (object.config) {
                if (!$util.isObject(object.config))
                    throw $TypeError(".im.Ctrl.config: object expected");
                message.config = {};
                for (let keys = $Object.keys(object.config), i = 0; i < keys.length; ++i) {
                    if (keys[i] === "__proto__")
                        $util.makeProp(message.config, keys[i]);
                    message.config[keys[i]] = $String(object.config[keys[i]]);
                }
            }
            return message;
        };

        /**
         * Creates a plain object from a Ctrl message. Also converts values to other types if specified.
         * @function toObject
         * @memberof im.Ctrl
         * @static
         * @param {im.Ctrl} message Ctrl
         * @param {$protobuf.IConversionOptions} [options] Conversion options
         * @returns {Object.<string,*>} Plain object
         */
        Ctrl.toObject = function (message, options, _depth) {
            if (!options)
                options = {};
            if (_depth === $undefined)
                _depth = 0;
            if (_depth > $util.recursionLimit)
                throw $Error("max depth exceeded");
            let object = {};
            if (options.arrays || options.defaults)
                object.endpoints = [];
            if (options.objects || options.defaults)
                object.config = {};
            if (options.defaults) {
                object.type = options.enums === $String ? "TYPE_UNSPECIFIED" : 0;
                object.delayMs = 0;
            }
            if (message.type != null && $Object.hasOwnProperty.call(message, "type"))
                object.type = options.enums === $String ? $root.im.Ctrl.Type[message.type] === $undefined ? message.type : $root.im.Ctrl.Type[message.type] : message.type;
            if (message.endpoints && message.endpoints.length) {
                object.endpoints = $Array(message.endpoints.length);
                for (let j = 0; j < message.endpoints.length; ++j)
                    object.endpoints[j] = message.endpoints[j];
            }
            if (message.delayMs != null && $Object.hasOwnProperty.call(message, "delayMs"))
                object.delayMs = message.delayMs;
            let keys2;
            if (message.config && (keys2 = $Object.keys(message.config)).length) {
                object.config = {};
                for (let j = 0; j < keys2.length; ++j) {
                    if (keys2[j] === "__proto__")
                        $util.makeProp(object.config, keys2[j]);
                    object.config[keys2[j]] = message.config[keys2[j]];
                }
            }
            return object;
        };

        /**
         * Converts this Ctrl to JSON.
         * @function toJSON
         * @memberof im.Ctrl
         * @instance
         * @returns {Object.<string,*>} JSON object
         */
        Ctrl.prototype.toJSON = function() {
            return Ctrl.toObject(this, $protobuf.util.toJSONOptions);
        };

        /**
         * Type enum.
         * @name im.Ctrl.Type
         * @enum {number}
         * @property {number} TYPE_UNSPECIFIED=0 TYPE_UNSPECIFIED value
         * @property {number} RECONNECT=1 RECONNECT value
         * @property {number} CONFIG=2 CONFIG value
         */
        Ctrl.Type = (function() {
            const valuesById = $Object.create(null), values = $Object.create(valuesById);
            values[valuesById[0] = "TYPE_UNSPECIFIED"] = 0;
            values[valuesById[1] = "RECONNECT"] = 1;
            values[valuesById[2] = "CONFIG"] = 2;
            return values;
        })();

        return Ctrl;
    })();

    im.Message = (function() {

        /**
         * Properties of a Message.
         * @typedef {Object} im.Message.$Properties
         * @property {number|null} [msgId] Message msgId
         * @property {number|null} [seq] Message seq
         * @property {im.ConvType|null} [convType] Message convType
         * @property {string|null} [convId] Message convId
         * @property {string|null} [fromUid] Message fromUid
         * @property {string|null} [toId] Message toId
         * @property {string|null} [clientMsgId] Message clientMsgId
         * @property {number|null} [contentType] Message contentType
         * @property {string|null} [content] Message content
         * @property {number|null} [sentAt] Message sentAt
         * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
         */

        /**
         * Properties of a Message.
         * @memberof im
         * @interface IMessage
         * @augments im.Message.$Properties
         * @deprecated Use im.Message.$Properties instead.
         */

        /**
         * Shape of a Message.
         * @typedef {im.Message.$Properties} im.Message.$Shape
         */

        /**
         * Constructs a new Message.
         * @memberof im
         * @classdesc Represents a Message.
         * @constructor
         * @param {im.Message.$Properties=} [properties] Properties to set
         * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
         */
        const Message = function (properties) {
            if (properties)
                for (let keys = $Object.keys(properties), i = 0; i < keys.length; ++i)
                    if (properties[keys[i]] != null && keys[i] !== "__proto__")
                        this[keys[i]] = properties[keys[i]];
        };

        /**
         * Message msgId.
         * @member {number} msgId
         * @memberof im.Message
         * @instance
         */
        Message.prototype.msgId = $util.Long ? $util.Long.fromBits(0,0,true) : 0;

        /**
         * Message seq.
         * @member {number} seq
         * @memberof im.Message
         * @instance
         */
        Message.prototype.seq = $util.Long ? $util.Long.fromBits(0,0,true) : 0;

        /**
         * Message convType.
         * @member {im.ConvType} convType
         * @memberof im.Message
         * @instance
         */
        Message.prototype.convType = 0;

        /**
         * Message convId.
         * @member {string} convId
         * @memberof im.Message
         * @instance
         */
        Message.prototype.convId = "";

        /**
         * Message fromUid.
         * @member {string} fromUid
         * @memberof im.Message
         * @instance
         */
        Message.prototype.fromUid = "";

        /**
         * Message toId.
         * @member {string} toId
         * @memberof im.Message
         * @instance
         */
        Message.prototype.toId = "";

        /**
         * Message clientMsgId.
         * @member {string} clientMsgId
         * @memberof im.Message
         * @instance
         */
        Message.prototype.clientMsgId = "";

        /**
         * Message contentType.
         * @member {number} contentType
         * @memberof im.Message
         * @instance
         */
        Message.prototype.contentType = 0;

        /**
         * Message content.
         * @member {string} content
         * @memberof im.Message
         * @instance
         */
        Message.prototype.content = "";

        /**
         * Message sentAt.
         * @member {number} sentAt
         * @memberof im.Message
         * @instance
         */
        Message.prototype.sentAt = $util.Long ? $util.Long.fromBits(0,0,true) : 0;

        /**
         * Creates a new Message instance using the specified properties.
         * @function create
         * @memberof im.Message
         * @static
         * @param {im.Message.$Properties=} [properties] Properties to set
         * @returns {im.Message} Message instance
         * @type {{
         *   (properties: im.Message.$Shape): im.Message & im.Message.$Shape;
         *   (properties?: im.Message.$Properties): im.Message;
         * }}
         */
        Message.create = function(properties) {
            return new Message(properties);
        };

        /**
         * Encodes the specified Message message. Does not implicitly {@link im.Message.verify|verify} messages.
         * @function encode
         * @memberof im.Message
         * @static
         * @param {im.Message.$Properties} message Message message or plain object to encode
         * @param {$protobuf.Writer} [writer] Writer to encode to
         * @returns {$protobuf.Writer} Writer
         */
        Message.encode = function (message, writer, _depth) {
            if (!writer)
                writer = $Writer.create();
            if (_depth === $undefined)
                _depth = 0;
            if (_depth > $util.recursionLimit)
                throw $Error("max depth exceeded");
            if (message.msgId != null && $Object.hasOwnProperty.call(message, "msgId") && (typeof message.msgId === "object" ? message.msgId.low || message.msgId.high : message.msgId !== 0))
                writer.uint32(/* id 1, wireType 0 =*/8).uint64(message.msgId);
            if (message.seq != null && $Object.hasOwnProperty.call(message, "seq") && (typeof message.seq === "object" ? message.seq.low || message.seq.high : message.seq !== 0))
                writer.uint32(/* id 2, wireType 0 =*/16).uint64(message.seq);
            if (message.convType != null && $Object.hasOwnProperty.call(message, "convType") && message.convType !== 0)
                writer.uint32(/* id 3, wireType 0 =*/24).int32(message.convType);
            if (message.convId != null && $Object.hasOwnProperty.call(message, "convId") && message.convId !== "")
                writer.uint32(/* id 4, wireType 2 =*/34).string(message.convId);
            if (message.fromUid != null && $Object.hasOwnProperty.call(message, "fromUid") && message.fromUid !== "")
                writer.uint32(/* id 5, wireType 2 =*/42).string(message.fromUid);
            if (message.toId != null && $Object.hasOwnProperty.call(message, "toId") && message.toId !== "")
                writer.uint32(/* id 6, wireType 2 =*/50).string(message.toId);
            if (message.clientMsgId != null && $Object.hasOwnProperty.call(message, "clientMsgId") && message.clientMsgId !== "")
                writer.uint32(/* id 7, wireType 2 =*/58).string(message.clientMsgId);
            if (message.contentType != null && $Object.hasOwnProperty.call(message, "contentType") && message.contentType !== 0)
                writer.uint32(/* id 8, wireType 0 =*/64).uint32(message.contentType);
            if (message.content != null && $Object.hasOwnProperty.call(message, "content") && message.content !== "")
                writer.uint32(/* id 9, wireType 2 =*/74).string(message.content);
            if (message.sentAt != null && $Object.hasOwnProperty.call(message, "sentAt") && (typeof message.sentAt === "object" ? message.sentAt.low || message.sentAt.high : message.sentAt !== 0))
                writer.uint32(/* id 10, wireType 0 =*/80).uint64(message.sentAt);
            if (message.$unknowns != null && $Object.hasOwnProperty.call(message, "$unknowns"))
                for (let i = 0; i < message.$unknowns.length; ++i)
                    writer.raw(message.$unknowns[i]);
            return writer;
        };

        /**
         * Decodes a Message message from the specified reader or buffer.
         * @function decode
         * @memberof im.Message
         * @static
         * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
         * @param {number} [length] Message length if known beforehand
         * @returns {im.Message & im.Message.$Shape} Message
         * @throws {Error} If the payload is not a reader or valid buffer
         * @throws {$protobuf.util.ProtocolError} If required fields are missing
         */
        Message.decode = function (reader, length, _end, _depth, _target) {
            if (!(reader instanceof $Reader))
                reader = $Reader.create(reader);
            if (_depth === $undefined)
                _depth = 0;
            if (_depth > $Reader.recursionLimit)
                throw $Error("max depth exceeded");
            let end, message, value;
            if (length === $undefined)
                end = reader.len;
            else {
                end = reader.pos + length;
                if (end > reader.len)
                    throw $RangeError("index out of range");
                length = reader.len;
                reader.len = end;
            }
            message = _target || new $root.im.Message();
            while (reader.pos < end) {
                let start = reader.pos;
                let tag = reader.tag();
                if (tag === _end) {
                    _end = $undefined;
                    break;
                }
                let wireType = tag & 7;
                switch (tag >>>= 3) {
                case 1: {
                        if (wireType !== 0)
                            break;
                        if (typeof (value = reader.uint64()) === "object" ? value.low || value.high : value !== 0)
                            message.msgId = value;
                        else
                            delete message.msgId;
                        continue;
                    }
                case 2: {
                        if (wireType !== 0)
                            break;
                        if (typeof (value = reader.uint64()) === "object" ? value.low || value.high : value !== 0)
                            message.seq = value;
                        else
                            delete message.seq;
                        continue;
                    }
                case 3: {
                        if (wireType !== 0)
                            break;
                        if (value = reader.int32())
                            message.convType = value;
                        else
                            delete message.convType;
                        continue;
                    }
                case 4: {
                        if (wireType !== 2)
                            break;
                        if ((value = reader.stringVerify()).length)
                            message.convId = value;
                        else
                            delete message.convId;
                        continue;
                    }
                case 5: {
                        if (wireType !== 2)
                            break;
                        if ((value = reader.stringVerify()).length)
                            message.fromUid = value;
                        else
                            delete message.fromUid;
                        continue;
                    }
                case 6: {
                        if (wireType !== 2)
                            break;
                        if ((value = reader.stringVerify()).length)
                            message.toId = value;
                        else
                            delete message.toId;
                        continue;
                    }
                case 7: {
                        if (wireType !== 2)
                            break;
                        if ((value = reader.stringVerify()).length)
                            message.clientMsgId = value;
                        else
                            delete message.clientMsgId;
                        continue;
                    }
                case 8: {
                        if (wireType !== 0)
                            break;
                        if (value = reader.uint32())
                            message.contentType = value;
                        else
                            delete message.contentType;
                        continue;
                    }
                case 9: {
                        if (wireType !== 2)
                            break;
                        if ((value = reader.stringVerify()).length)
                            message.content = value;
                        else
                            delete message.content;
                        continue;
                    }
                case 10: {
                        if (wireType !== 0)
                            break;
                        if (typeof (value = reader.uint64()) === "object" ? value.low || value.high : value !== 0)
                            message.sentAt = value;
                        else
                            delete message.sentAt;
                        continue;
                    }
                }
                reader.skipType(wireType, _depth, tag);
                if (!reader.discardUnknown) {
                    $util.makeProp(message, "$unknowns", false);
                    (message.$unknowns || (message.$unknowns = [])).push(reader.raw(start, reader.pos));
                }
            }
            if (length !== $undefined) {
                if (reader.pos !== end)
                    throw $RangeError("index out of range");
                reader.len = length;
            }
            if (_end !== $undefined)
                throw $Error("missing end group");
            return message;
        };

        /**
         * Creates a Message message from a plain object. Also converts values to their respective internal types.
         * @function fromObject
         * @memberof im.Message
         * @static
         * @param {Object.<string,*>} object Plain object
         * @returns {im.Message} Message
         */
        Message.fromObject = function (object, _depth) {
            if (object instanceof $root.im.Message)
                return object;
            if (!$util.isObject(object))
                throw $TypeError(".im.Message: object expected");
            if (_depth === $undefined)
                _depth = 0;
            if (_depth > $util.recursionLimit)
                throw $Error("max depth exceeded");
            let message = new $root.im.Message();
            if (object.msgId != null)
                if (typeof object.msgId === "object" ? object.msgId.low || object.msgId.high : $Number(object.msgId) !== 0)
                    if ($util.Long)
                        message.msgId = $util.Long.fromValue(object.msgId, true);
                    else if (typeof object.msgId === "string")
                        message.msgId = $parseInt(object.msgId, 10);
                    else if (typeof object.msgId === "number")
                        message.msgId = object.msgId;
                    else if (typeof object.msgId === "object")
                        message.msgId = new $util.LongBits(object.msgId.low >>> 0, object.msgId.high >>> 0).toNumber(true);
            if (object.seq != null)
                if (typeof object.seq === "object" ? object.seq.low || object.seq.high : $Number(object.seq) !== 0)
                    if ($util.Long)
                        message.seq = $util.Long.fromValue(object.seq, true);
                    else if (typeof object.seq === "string")
                        message.seq = $parseInt(object.seq, 10);
                    else if (typeof object.seq === "number")
                        message.seq = object.seq;
                    else if (typeof object.seq === "object")
                        message.seq = new $util.LongBits(object.seq.low >>> 0, object.seq.high >>> 0).toNumber(true);
            if (object.convType !== 0 && (typeof object.convType !== "string" || $root.im.ConvType[object.convType] !== 0))
                switch (object.convType) {
                case "CONV_UNSPECIFIED":
                case 0:
                    message.convType = 0;
                    break;
                case "C2C":
                case 1:
                    message.convType = 1;
                    break;
                case "GROUP":
                case 2:
                    message.convType = 2;
                    break;
                case "SYSTEM":
                case 3:
                    message.convType = 3;
                    break;
                default:
                    if (typeof object.convType === "number" && (object.convType | 0) === object.convType)
                        message.convType = object.convType;
                }
            if (object.convId != null)
                if (typeof object.convId !== "string" || object.convId.length)
                    message.convId = $String(object.convId);
            if (object.fromUid != null)
                if (typeof object.fromUid !== "string" || object.fromUid.length)
                    message.fromUid = $String(object.fromUid);
            if (object.toId != null)
                if (typeof object.toId !== "string" || object.toId.length)
                    message.toId = $String(object.toId);
            if (object.clientMsgId != null)
                if (typeof object.clientMsgId !== "string" || object.clientMsgId.length)
                    message.clientMsgId = $String(object.clientMsgId);
            if (object.contentType != null)
                if ($Number(object.contentType) !== 0)
                    message.contentType = object.contentType >>> 0;
            if (object.content != null)
                if (typeof object.content !== "string" || object.content.length)
                    message.content = $String(object.content);
            if (object.sentAt != null)
                if (typeof object.sentAt === "object" ? object.sentAt.low || object.sentAt.high : $Number(object.sentAt) !== 0)
                    if ($util.Long)
                        message.sentAt = $util.Long.fromValue(object.sentAt, true);
                    else if (typeof object.sentAt === "string")
                        message.sentAt = $parseInt(object.sentAt, 10);
                    else if (typeof object.sentAt === "number")
                        message.sentAt = object.sentAt;
                    else if (typeof object.sentAt === "object")
                        message.sentAt = new $util.LongBits(object.sentAt.low >>> 0, object.sentAt.high >>> 0).toNumber(true);
            return message;
        };

        /**
         * Creates a plain object from a Message message. Also converts values to other types if specified.
         * @function toObject
         * @memberof im.Message
         * @static
         * @param {im.Message} message Message
         * @param {$protobuf.IConversionOptions} [options] Conversion options
         * @returns {Object.<string,*>} Plain object
         */
        Message.toObject = function (message, options, _depth) {
            if (!options)
                options = {};
            if (_depth === $undefined)
                _depth = 0;
            if (_depth > $util.recursionLimit)
                throw $Error("max depth exceeded");
            let object = {};
            if (options.defaults) {
                if ($util.Long) {
                    let long = new $util.Long(0, 0, true);
                    object.msgId = options.longs === $String ? long.toString() : options.longs === $Number ? long.toNumber() : typeof $BigInt !== "undefined" && options.longs === $BigInt ? long.toBigInt() : long;
                } else
                    object.msgId = options.longs === $String ? "0" : typeof $BigInt !== "undefined" && options.longs === $BigInt ? $BigInt("0") : 0;
                if ($util.Long) {
                    let long = new $util.Long(0, 0, true);
                    object.seq = options.longs === $String ? long.toString() : options.longs === $Number ? long.toNumber() : typeof $BigInt !== "undefined" && options.longs === $BigInt ? long.toBigInt() : long;
                } else
                    object.seq = options.longs === $String ? "0" : typeof $BigInt !== "undefined" && options.longs === $BigInt ? $BigInt("0") : 0;
                object.convType = options.enums === $String ? "CONV_UNSPECIFIED" : 0;
                object.convId = "";
                object.fromUid = "";
                object.toId = "";
                object.clientMsgId = "";
                object.contentType = 0;
                object.content = "";
                if ($util.Long) {
                    let long = new $util.Long(0, 0, true);
                    object.sentAt = options.longs === $String ? long.toString() : options.longs === $Number ? long.toNumber() : typeof $BigInt !== "undefined" && options.longs === $BigInt ? long.toBigInt() : long;
                } else
                    object.sentAt = options.longs === $String ? "0" : typeof $BigInt !== "undefined" && options.longs === $BigInt ? $BigInt("0") : 0;
            }
            if (message.msgId != null && $Object.hasOwnProperty.call(message, "msgId"))
                if (typeof $BigInt !== "undefined" && options.longs === $BigInt)
                    object.msgId = typeof message.msgId === "number" ? $BigInt(message.msgId) : $util.Long.fromBits(message.msgId.low >>> 0, message.msgId.high >>> 0, true).toBigInt();
                else if (typeof message.msgId === "number")
                    object.msgId = options.longs === $String ? $String(message.msgId) : message.msgId;
                else
                    object.msgId = options.longs === $String ? $util.Long.prototype.toString.call(message.msgId) : options.longs === $Number ? new $util.LongBits(message.msgId.low >>> 0, message.msgId.high >>> 0).toNumber(true) : message.msgId;
            if (message.seq != null && $Object.hasOwnProperty.call(message, "seq"))
                if (typeof $BigInt !== "undefined" && options.longs === $BigInt)
                    object.seq = typeof message.seq === "number" ? $BigInt(message.seq) : $util.Long.fromBits(message.seq.low >>> 0, message.seq.high >>> 0, true).toBigInt();
                else if (typeof message.seq === "number")
                    object.seq = options.longs === $String ? $String(message.seq) : message.seq;
                else
                    object.seq = options.longs === $String ? $util.Long.prototype.toString.call(message.seq) : options.longs === $Number ? new $util.LongBits(message.seq.low >>> 0, message.seq.high >>> 0).toNumber(true) : message.seq;
            if (message.convType != null && $Object.hasOwnProperty.call(message, "convType"))
                object.convType = options.enums === $String ? $root.im.ConvType[message.convType] === $undefined ? message.convType : $root.im.ConvType[message.convType] : message.convType;
            if (message.convId != null && $Object.hasOwnProperty.call(message, "convId"))
                object.convId = message.convId;
            if (message.fromUid != null && $Object.hasOwnProperty.call(message, "fromUid"))
                object.fromUid = message.fromUid;
            if (message.toId != null && $Object.hasOwnProperty.call(message, "toId"))
                object.toId = message.toId;
            if (message.clientMsgId != null && $Object.hasOwnProperty.call(message, "clientMsgId"))
                object.clientMsgId = message.clientMsgId;
            if (message.contentType != null && $Object.hasOwnProperty.call(message, "contentType"))
                object.contentType = message.contentType;
            if (message.content != null && $Object.hasOwnProperty.call(message, "content"))
                object.content = message.content;
            if (message.sentAt != null && $Object.hasOwnProperty.call(message, "sentAt"))
                if (typeof $BigInt !== "undefined" && options.longs === $BigInt)
                    object.sentAt = typeof message.sentAt === "number" ? $BigInt(message.sentAt) : $util.Long.fromBits(message.sentAt.low >>> 0, message.sentAt.high >>> 0, true).toBigInt();
                else if (typeof message.sentAt === "number")
                    object.sentAt = options.longs === $String ? $String(message.sentAt) : message.sentAt;
                else
                    object.sentAt = options.longs === $String ? $util.Long.prototype.toString.call(message.sentAt) : options.longs === $Number ? new $util.LongBits(message.sentAt.low >>> 0, message.sentAt.high >>> 0).toNumber(true) : message.sentAt;
            return object;
        };

        /**
         * Converts this Message to JSON.
         * @function toJSON
         * @memberof im.Message
         * @instance
         * @returns {Object.<string,*>} JSON object
         */
        Message.prototype.toJSON = function() {
            return Message.toObject(this, $protobuf.util.toJSONOptions);
        };

        return Message;
    })();

    im.C2CSendReq = (function() {

        /**
         * Properties of a C2CSendReq.
         * @typedef {Object} im.C2CSendReq.$Properties
         * @property {string|null} [toUid] C2CSendReq toUid
         * @property {string|null} [clientMsgId] C2CSendReq clientMsgId
         * @property {number|null} [contentType] C2CSendReq contentType
         * @property {string|null} [content] C2CSendReq content
         * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
         */

        /**
         * Properties of a C2CSendReq.
         * @memberof im
         * @interface IC2CSendReq
         * @augments im.C2CSendReq.$Properties
         * @deprecated Use im.C2CSendReq.$Properties instead.
         */

        /**
         * Shape of a C2CSendReq.
         * @typedef {im.C2CSendReq.$Properties} im.C2CSendReq.$Shape
         */

        /**
         * Constructs a new C2CSendReq.
         * @memberof im
         * @classdesc Represents a C2CSendReq.
         * @constructor
         * @param {im.C2CSendReq.$Properties=} [properties] Properties to set
         * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
         */
        const C2CSendReq = function (properties) {
            if (properties)
                for (let keys = $Object.keys(properties), i = 0; i < keys.length; ++i)
                    if (properties[keys[i]] != null && keys[i] !== "__proto__")
                        this[keys[i]] = properties[keys[i]];
        };

        /**
         * C2CSendReq toUid.
         * @member {string} toUid
         * @memberof im.C2CSendReq
         * @instance
         */
        C2CSendReq.prototype.toUid = "";

        /**
         * C2CSendReq clientMsgId.
         * @member {string} clientMsgId
         * @memberof im.C2CSendReq
         * @instance
         */
        C2CSendReq.prototype.clientMsgId = "";

        /**
         * C2CSendReq contentType.
         * @member {number} contentType
         * @memberof im.C2CSendReq
         * @instance
         */
        C2CSendReq.prototype.contentType = 0;

        /**
         * C2CSendReq content.
         * @member {string} content
         * @memberof im.C2CSendReq
         * @instance
         */
        C2CSendReq.prototype.content = "";

        /**
         * Creates a new C2CSendReq instance using the specified properties.
         * @function create
         * @memberof im.C2CSendReq
         * @static
         * @param {im.C2CSendReq.$Properties=} [properties] Properties to set
         * @returns {im.C2CSendReq} C2CSendReq instance
         * @type {{
         *   (properties: im.C2CSendReq.$Shape): im.C2CSendReq & im.C2CSendReq.$Shape;
         *   (properties?: im.C2CSendReq.$Properties): im.C2CSendReq;
         * }}
         */
        C2CSendReq.create = function(properties) {
            return new C2CSendReq(properties);
        };

        /**
         * Encodes the specified C2CSendReq message. Does not implicitly {@link im.C2CSendReq.verify|verify} messages.
         * @function encode
         * @memberof im.C2CSendReq
         * @static
         * @param {im.C2CSendReq.$Properties} message C2CSendReq message or plain object to encode
         * @param {$protobuf.Writer} [writer] Writer to encode to
         * @returns {$protobuf.Writer} Writer
         */
        C2CSendReq.encode = function (message, writer, _depth) {
            if (!writer)
                writer = $Writer.create();
            if (_depth === $undefined)
                _depth = 0;
            if (_depth > $util.recursionLimit)
                throw $Error("max depth exceeded");
            if (message.toUid != null && $Object.hasOwnProperty.call(message, "toUid") && message.toUid !== "")
                writer.uint32(/* id 1, wireType 2 =*/10).string(message.toUid);
            if (message.clientMsgId != null && $Object.hasOwnProperty.call(message, "clientMsgId") && message.clientMsgId !== "")
                writer.uint32(/* id 2, wireType 2 =*/18).string(message.clientMsgId);
            if (message.contentType != null && $Object.hasOwnProperty.call(message, "contentType") && message.contentType !== 0)
                writer.uint32(/* id 3, wireType 0 =*/24).uint32(message.contentType);
            if (message.content != null && $Object.hasOwnProperty.call(message, "content") && message.content !== "")
                writer.uint32(/* id 4, wireType 2 =*/34).string(message.content);
            if (message.$unknowns != null && $Object.hasOwnProperty.call(message, "$unknowns"))
                for (let i = 0; i < message.$unknowns.length; ++i)
                    writer.raw(message.$unknowns[i]);
            return writer;
        };

        /**
         * Decodes a C2CSendReq message from the specified reader or buffer.
         * @function decode
         * @memberof im.C2CSendReq
         * @static
         * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
         * @param {number} [length] Message length if known beforehand
         * @returns {im.C2CSendReq & im.C2CSendReq.$Shape} C2CSendReq
         * @throws {Error} If the payload is not a reader or valid buffer
         * @throws {$protobuf.util.ProtocolError} If required fields are missing
         */
        C2CSendReq.decode = function (reader, length, _end, _depth, _target) {
            if (!(reader instanceof $Reader))
                reader = $Reader.create(reader);
            if (_depth === $undefined)
                _depth = 0;
            if (_depth > $Reader.recursionLimit)
                throw $Error("max depth exceeded");
            let end, message, value;
            if (length === $undefined)
                end = reader.len;
            else {
                end = reader.pos + length;
                if (end > reader.len)
                    throw $RangeError("index out of range");
                length = reader.len;
                reader.len = end;
            }
            message = _target || new $root.im.C2CSendReq();
            while (reader.pos < end) {
                let start = reader.pos;
                let tag = reader.tag();
                if (tag === _end) {
                    _end = $undefined;
                    break;
                }
                let wireType = tag & 7;
                switch (tag >>>= 3) {
                case 1: {
                        if (wireType !== 2)
                            break;
                        if ((value = reader.stringVerify()).length)
                            message.toUid = value;
                        else
                            delete message.toUid;
                        continue;
                    }
                case 2: {
                        if (wireType !== 2)
                            break;
                        if ((value = reader.stringVerify()).length)
                            message.clientMsgId = value;
                        else
                            delete message.clientMsgId;
                        continue;
                    }
                case 3: {
                        if (wireType !== 0)
                            break;
                        if (value = reader.uint32())
                            message.contentType = value;
                        else
                            delete message.contentType;
                        continue;
                    }
                case 4: {
                        if (wireType !== 2)
                            break;
                        if ((value = reader.stringVerify()).length)
                            message.content = value;
                        else
                            delete message.content;
                        continue;
                    }
                }
                reader.skipType(wireType, _depth, tag);
                if (!reader.discardUnknown) {
                    $util.makeProp(message, "$unknowns", false);
                    (message.$unknowns || (message.$unknowns = [])).push(reader.raw(start, reader.pos));
                }
            }
            if (length !== $undefined) {
                if (reader.pos !== end)
                    throw $RangeError("index out of range");
                reader.len = length;
            }
            if (_end !== $undefined)
                throw $Error("missing end group");
            return message;
        };

        /**
         * Creates a C2CSendReq message from a plain object. Also converts values to their respective internal types.
         * @function fromObject
         * @memberof im.C2CSendReq
         * @static
         * @param {Object.<string,*>} object Plain object
         * @returns {im.C2CSendReq} C2CSendReq
         */
        C2CSendReq.fromObject = function (object, _depth) {
            if (object instanceof $root.im.C2CSendReq)
                return object;
            if (!$util.isObject(object))
                throw $TypeError(".im.C2CSendReq: object expected");
            if (_depth === $undefined)
                _depth = 0;
            if (_depth > $util.recursionLimit)
                throw $Error("max depth exceeded");
            let message = new $root.im.C2CSendReq();
            if (object.toUid != null)
                if (typeof object.toUid !== "string" || object.toUid.length)
                    message.toUid = $String(object.toUid);
            if (object.clientMsgId != null)
                if (typeof object.clientMsgId !== "string" || object.clientMsgId.length)
                    message.clientMsgId = $String(object.clientMsgId);
            if (object.contentType != null)
                if ($Number(object.contentType) !== 0)
                    message.contentType = object.contentType >>> 0;
            if (object.content != null)
                if (typeof object.content !== "string" || object.content.length)
                    message.content = $String(object.content);
            return message;
        };

        /**
         * Creates a plain object from a C2CSendReq message. Also converts values to other types if specified.
         * @function toObject
         * @memberof im.C2CSendReq
         * @static
         * @param {im.C2CSendReq} message C2CSendReq
         * @param {$protobuf.IConversionOptions} [options] Conversion options
         * @returns {Object.<string,*>} Plain object
         */
        C2CSendReq.toObject = function (message, options, _depth) {
            if (!options)
                options = {};
            if (_depth === $undefined)
                _depth = 0;
            if (_depth > $util.recursionLimit)
                throw $Error("max depth exceeded");
            let object = {};
            if (options.defaults) {
                object.toUid = "";
                object.clientMsgId = "";
                object.contentType = 0;
                object.content = "";
            }
            if (message.toUid != null && $Object.hasOwnProperty.call(message, "toUid"))
                object.toUid = message.toUid;
            if (message.clientMsgId != null && $Object.hasOwnProperty.call(message, "clientMsgId"))
                object.clientMsgId = message.clientMsgId;
            if (message.contentType != null && $Object.hasOwnProperty.call(message, "contentType"))
                object.contentType = message.contentType;
            if (message.content != null && $Object.hasOwnProperty.call(message, "content"))
                object.content = message.content;
            return object;
        };

        /**
         * Converts this C2CSendReq to JSON.
         * @function toJSON
         * @memberof im.C2CSendReq
         * @instance
         * @returns {Object.<string,*>} JSON object
         */
        C2CSendReq.prototype.toJSON = function() {
            return C2CSendReq.toObject(this, $protobuf.util.toJSONOptions);
        };

        return C2CSendReq;
    })();

    im.C2GSendReq = (function() {

        /**
         * Properties of a C2GSendReq.
         * @typedef {Object} im.C2GSendReq.$Properties
         * @property {string|null} [groupId] C2GSendReq groupId
         * @property {string|null} [clientMsgId] C2GSendReq clientMsgId
         * @property {number|null} [contentType] C2GSendReq contentType
         * @property {string|null} [content] C2GSendReq content
         * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
         */

        /**
         * Properties of a C2GSendReq.
         * @memberof im
         * @interface IC2GSendReq
         * @augments im.C2GSendReq.$Properties
         * @deprecated Use im.C2GSendReq.$Properties instead.
         */

        /**
         * Shape of a C2GSendReq.
         * @typedef {im.C2GSendReq.$Properties} im.C2GSendReq.$Shape
         */

        /**
         * Constructs a new C2GSendReq.
         * @memberof im
         * @classdesc Represents a C2GSendReq.
         * @constructor
         * @param {im.C2GSendReq.$Properties=} [properties] Properties to set
         * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
         */
        const C2GSendReq = function (properties) {
            if (properties)
                for (let keys = $Object.keys(properties), i = 0; i < keys.length; ++i)
                    if (properties[keys[i]] != null && keys[i] !== "__proto__")
                        this[keys[i]] = properties[keys[i]];
        };

        /**
         * C2GSendReq groupId.
         * @member {string} groupId
         * @memberof im.C2GSendReq
         * @instance
         */
        C2GSendReq.prototype.groupId = "";

        /**
         * C2GSendReq clientMsgId.
         * @member {string} clientMsgId
         * @memberof im.C2GSendReq
         * @instance
         */
        C2GSendReq.prototype.clientMsgId = "";

        /**
         * C2GSendReq contentType.
         * @member {number} contentType
         * @memberof im.C2GSendReq
         * @instance
         */
        C2GSendReq.prototype.contentType = 0;

        /**
         * C2GSendReq content.
         * @member {string} content
         * @memberof im.C2GSendReq
         * @instance
         */
        C2GSendReq.prototype.content = "";

        /**
         * Creates a new C2GSendReq instance using the specified properties.
         * @function create
         * @memberof im.C2GSendReq
         * @static
         * @param {im.C2GSendReq.$Properties=} [properties] Properties to set
         * @returns {im.C2GSendReq} C2GSendReq instance
         * @type {{
         *   (properties: im.C2GSendReq.$Shape): im.C2GSendReq & im.C2GSendReq.$Shape;
         *   (properties?: im.C2GSendReq.$Properties): im.C2GSendReq;
         * }}
         */
        C2GSendReq.create = function(properties) {
            return new C2GSendReq(properties);
        };

        /**
         * Encodes the specified C2GSendReq message. Does not implicitly {@link im.C2GSendReq.verify|verify} messages.
         * @function encode
         * @memberof im.C2GSendReq
         * @static
         * @param {im.C2GSendReq.$Properties} message C2GSendReq message or plain object to encode
         * @param {$protobuf.Writer} [writer] Writer to encode to
         * @returns {$protobuf.Writer} Writer
         */
        C2GSendReq.encode = function (message, writer, _depth) {
            if (!writer)
                writer = $Writer.create();
            if (_depth === $undefined)
                _depth = 0;
            if (_depth > $util.recursionLimit)
                throw $Error("max depth exceeded");
            if (message.groupId != null && $Object.hasOwnProperty.call(message, "groupId") && message.groupId !== "")
                writer.uint32(/* id 1, wireType 2 =*/10).string(message.groupId);
            if (message.clientMsgId != null && $Object.hasOwnProperty.call(message, "clientMsgId") && message.clientMsgId !== "")
                writer.uint32(/* id 2, wireType 2 =*/18).string(message.clientMsgId);
            if (message.contentType != null && $Object.hasOwnProperty.call(message, "contentType") && message.contentType !== 0)
                writer.uint32(/* id 3, wireType 0 =*/24).uint32(message.contentType);
            if (message.content != null && $Object.hasOwnProperty.call(message, "content") && message.content !== "")
                writer.uint32(/* id 4, wireType 2 =*/34).string(message.content);
            if (message.$unknowns != null && $Object.hasOwnProperty.call(message, "$unknowns"))
                for (let i = 0; i < message.$unknowns.length; ++i)
                    writer.raw(message.$unknowns[i]);
            return writer;
        };

        /**
         * Decodes a C2GSendReq message from the specified reader or buffer.
         * @function decode
         * @memberof im.C2GSendReq
         * @static
         * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
         * @param {number} [length] Message length if known beforehand
         * @returns {im.C2GSendReq & im.C2GSendReq.$Shape} C2GSendReq
         * @throws {Error} If the payload is not a reader or valid buffer
         * @throws {$protobuf.util.ProtocolError} If required fields are missing
         */
        C2GSendReq.decode = function (reader, length, _end, _depth, _target) {
            if (!(reader instanceof $Reader))
                reader = $Reader.create(reader);
            if (_depth === $undefined)
                _depth = 0;
            if (_depth > $Reader.recursionLimit)
                throw $Error("max depth exceeded");
            let end, message, value;
            if (length === $undefined)
                end = reader.len;
            else {
                end = reader.pos + length;
                if (end > reader.len)
                    throw $RangeError("index out of range");
                length = reader.len;
                reader.len = end;
            }
            message = _target || new $root.im.C2GSendReq();
            while (reader.pos < end) {
                let start = reader.pos;
                let tag = reader.tag();
                if (tag === _end) {
                    _end = $undefined;
                    break;
                }
                let wireType = tag & 7;
                switch (tag >>>= 3) {
                case 1: {
                        if (wireType !== 2)
                            break;
                        if ((value = reader.stringVerify()).length)
                            message.groupId = value;
                        else
                            delete message.groupId;
                        continue;
                    }
                case 2: {
                        if (wireType !== 2)
                            break;
                        if ((value = reader.stringVerify()).length)
                            message.clientMsgId = value;
                        else
                            delete message.clientMsgId;
                        continue;
                    }
                case 3: {
                        if (wireType !== 0)
                            break;
                        if (value = reader.uint32())
                            message.contentType = value;
                        else
                            delete message.contentType;
                        continue;
                    }
                case 4: {
                        if (wireType !== 2)
                            break;
                        if ((value = reader.stringVerify()).length)
                            message.content = value;
                        else
                            delete message.content;
                        continue;
                    }
                }
                reader.skipType(wireType, _depth, tag);
                if (!reader.discardUnknown) {
                    $util.makeProp(message, "$unknowns", false);
                    (message.$unknowns || (message.$unknowns = [])).push(reader.raw(start, reader.pos));
                }
            }
            if (length !== $undefined) {
                if (reader.pos !== end)
                    throw $RangeError("index out of range");
                reader.len = length;
            }
            if (_end !== $undefined)
                throw $Error("missing end group");
            return message;
        };

        /**
         * Creates a C2GSendReq message from a plain object. Also converts values to their respective internal types.
         * @function fromObject
         * @memberof im.C2GSendReq
         * @static
         * @param {Object.<string,*>} object Plain object
         * @returns {im.C2GSendReq} C2GSendReq
         */
        C2GSendReq.fromObject = function (object, _depth) {
            if (object instanceof $root.im.C2GSendReq)
                return object;
            if (!$util.isObject(object))
                throw $TypeError(".im.C2GSendReq: object expected");
            if (_depth === $undefined)
                _depth = 0;
            if (_depth > $util.recursionLimit)
                throw $Error("max depth exceeded");
            let message = new $root.im.C2GSendReq();
            if (object.groupId != null)
                if (typeof object.groupId !== "string" || object.groupId.length)
                    message.groupId = $String(object.groupId);
            if (object.clientMsgId != null)
                if (typeof object.clientMsgId !== "string" || object.clientMsgId.length)
                    message.clientMsgId = $String(object.clientMsgId);
            if (object.contentType != null)
                if ($Number(object.contentType) !== 0)
                    message.contentType = object.contentType >>> 0;
            if (object.content != null)
                if (typeof object.content !== "string" || object.content.length)
                    message.content = $String(object.content);
            return message;
        };

        /**
         * Creates a plain object from a C2GSendReq message. Also converts values to other types if specified.
         * @function toObject
         * @memberof im.C2GSendReq
         * @static
         * @param {im.C2GSendReq} message C2GSendReq
         * @param {$protobuf.IConversionOptions} [options] Conversion options
         * @returns {Object.<string,*>} Plain object
         */
        C2GSendReq.toObject = function (message, options, _depth) {
            if (!options)
                options = {};
            if (_depth === $undefined)
                _depth = 0;
            if (_depth > $util.recursionLimit)
                throw $Error("max depth exceeded");
            let object = {};
            if (options.defaults) {
                object.groupId = "";
                object.clientMsgId = "";
                object.contentType = 0;
                object.content = "";
            }
            if (message.groupId != null && $Object.hasOwnProperty.call(message, "groupId"))
                object.groupId = message.groupId;
            if (message.clientMsgId != null && $Object.hasOwnProperty.call(message, "clientMsgId"))
                object.clientMsgId = message.clientMsgId;
            if (message.contentType != null && $Object.hasOwnProperty.call(message, "contentType"))
                object.contentType = message.contentType;
            if (message.content != null && $Object.hasOwnProperty.call(message, "content"))
                object.content = message.content;
            return object;
        };

        /**
         * Converts this C2GSendReq to JSON.
         * @function toJSON
         * @memberof im.C2GSendReq
         * @instance
         * @returns {Object.<string,*>} JSON object
         */
        C2GSendReq.prototype.toJSON = function() {
            return C2GSendReq.toObject(this, $protobuf.util.toJSONOptions);
        };

        return C2GSendReq;
    })();

    im.SendAck = (function() {

        /**
         * Properties of a SendAck.
         * @typedef {Object} im.SendAck.$Properties
         * @property {number|null} [msgId] SendAck msgId
         * @property {number|null} [seq] SendAck seq
         * @property {number|null} [sentAt] SendAck sentAt
         * @property {string|null} [clientMsgId] SendAck clientMsgId
         * @property {boolean|null} [duplicate] SendAck duplicate
         * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
         */

        /**
         * Properties of a SendAck.
         * @memberof im
         * @interface ISendAck
         * @augments im.SendAck.$Properties
         * @deprecated Use im.SendAck.$Properties instead.
         */

        /**
         * Shape of a SendAck.
         * @typedef {im.SendAck.$Properties} im.SendAck.$Shape
         */

        /**
         * Constructs a new SendAck.
         * @memberof im
         * @classdesc Represents a SendAck.
         * @constructor
         * @param {im.SendAck.$Properties=} [properties] Properties to set
         * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
         */
        const SendAck = function (properties) {
            if (properties)
                for (let keys = $Object.keys(properties), i = 0; i < keys.length; ++i)
                    if (properties[keys[i]] != null && keys[i] !== "__proto__")
                        this[keys[i]] = properties[keys[i]];
        };

        /**
         * SendAck msgId.
         * @member {number} msgId
         * @memberof im.SendAck
         * @instance
         */
        SendAck.prototype.msgId = $util.Long ? $util.Long.fromBits(0,0,true) : 0;

        /**
         * SendAck seq.
         * @member {number} seq
         * @memberof im.SendAck
         * @instance
         */
        SendAck.prototype.seq = $util.Long ? $util.Long.fromBits(0,0,true) : 0;

        /**
         * SendAck sentAt.
         * @member {number} sentAt
         * @memberof im.SendAck
         * @instance
         */
        SendAck.prototype.sentAt = $util.Long ? $util.Long.fromBits(0,0,true) : 0;

        /**
         * SendAck clientMsgId.
         * @member {string} clientMsgId
         * @memberof im.SendAck
         * @instance
         */
        SendAck.prototype.clientMsgId = "";

        /**
         * SendAck duplicate.
         * @member {boolean} duplicate
         * @memberof im.SendAck
         * @instance
         */
        SendAck.prototype.duplicate = false;

        /**
         * Creates a new SendAck instance using the specified properties.
         * @function create
         * @memberof im.SendAck
         * @static
         * @param {im.SendAck.$Properties=} [properties] Properties to set
         * @returns {im.SendAck} SendAck instance
         * @type {{
         *   (properties: im.SendAck.$Shape): im.SendAck & im.SendAck.$Shape;
         *   (properties?: im.SendAck.$Properties): im.SendAck;
         * }}
         */
        SendAck.create = function(properties) {
            return new SendAck(properties);
        };

        /**
         * Encodes the specified SendAck message. Does not implicitly {@link im.SendAck.verify|verify} messages.
         * @function encode
         * @memberof im.SendAck
         * @static
         * @param {im.SendAck.$Properties} message SendAck message or plain object to encode
         * @param {$protobuf.Writer} [writer] Writer to encode to
         * @returns {$protobuf.Writer} Writer
         */
        SendAck.encode = function (message, writer, _depth) {
            if (!writer)
                writer = $Writer.create();
            if (_depth === $undefined)
                _depth = 0;
            if (_depth > $util.recursionLimit)
                throw $Error("max depth exceeded");
            if (message.msgId != null && $Object.hasOwnProperty.call(message, "msgId") && (typeof message.msgId === "object" ? message.msgId.low || message.msgId.high : message.msgId !== 0))
                writer.uint32(/* id 1, wireType 0 =*/8).uint64(message.msgId);
            if (message.seq != null && $Object.hasOwnProperty.call(message, "seq") && (typeof message.seq === "object" ? message.seq.low || message.seq.high : message.seq !== 0))
                writer.uint32(/* id 2, wireType 0 =*/16).uint64(message.seq);
            if (message.sentAt != null && $Object.hasOwnProperty.call(message, "sentAt") && (typeof message.sentAt === "object" ? message.sentAt.low || message.sentAt.high : message.sentAt !== 0))
                writer.uint32(/* id 3, wireType 0 =*/24).uint64(message.sentAt);
            if (message.clientMsgId != null && $Object.hasOwnProperty.call(message, "clientMsgId") && message.clientMsgId !== "")
                writer.uint32(/* id 4, wireType 2 =*/34).string(message.clientMsgId);
            if (message.duplicate != null && $Object.hasOwnProperty.call(message, "duplicate") && message.duplicate !== false)
                writer.uint32(/* id 5, wireType 0 =*/40).bool(message.duplicate);
            if (message.$unknowns != null && $Object.hasOwnProperty.call(message, "$unknowns"))
                for (let i = 0; i < message.$unknowns.length; ++i)
                    writer.raw(message.$unknowns[i]);
            return writer;
        };

        /**
         * Decodes a SendAck message from the specified reader or buffer.
         * @function decode
         * @memberof im.SendAck
         * @static
         * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
         * @param {number} [length] Message length if known beforehand
         * @returns {im.SendAck & im.SendAck.$Shape} SendAck
         * @throws {Error} If the payload is not a reader or valid buffer
         * @throws {$protobuf.util.ProtocolError} If required fields are missing
         */
        SendAck.decode = function (reader, length, _end, _depth, _target) {
            if (!(reader instanceof $Reader))
                reader = $Reader.create(reader);
            if (_depth === $undefined)
                _depth = 0;
            if (_depth > $Reader.recursionLimit)
                throw $Error("max depth exceeded");
            let end, message, value;
            if (length === $undefined)
                end = reader.len;
            else {
                end = reader.pos + length;
                if (end > reader.len)
                    throw $RangeError("index out of range");
                length = reader.len;
                reader.len = end;
            }
            message = _target || new $root.im.SendAck();
            while (reader.pos < end) {
                let start = reader.pos;
                let tag = reader.tag();
                if (tag === _end) {
                    _end = $undefined;
                    break;
                }
                let wireType = tag & 7;
                switch (tag >>>= 3) {
                case 1: {
                        if (wireType !== 0)
                            break;
                        if (typeof (value = reader.uint64()) === "object" ? value.low || value.high : value !== 0)
                            message.msgId = value;
                        else
                            delete message.msgId;
                        continue;
                    }
                case 2: {
                        if (wireType !== 0)
                            break;
                        if (typeof (value = reader.uint64()) === "object" ? value.low || value.high : value !== 0)
                            message.seq = value;
                        else
                            delete message.seq;
                        continue;
                    }
                case 3: {
                        if (wireType !== 0)
                            break;
                        if (typeof (value = reader.uint64()) === "object" ? value.low || value.high : value !== 0)
                            message.sentAt = value;
                        else
                            delete message.sentAt;
                        continue;
                    }
                case 4: {
                        if (wireType !== 2)
                            break;
                        if ((value = reader.stringVerify()).length)
                            message.clientMsgId = value;
                        else
                            delete message.clientMsgId;
                        continue;
                    }
                case 5: {
                        if (wireType !== 0)
                            break;
                        if (value = reader.bool())
                            message.duplicate = value;
                        else
                            delete message.duplicate;
                        continue;
                    }
                }
                reader.skipType(wireType, _depth, tag);
                if (!reader.discardUnknown) {
                    $util.makeProp(message, "$unknowns", false);
                    (message.$unknowns || (message.$unknowns = [])).push(reader.raw(start, reader.pos));
                }
            }
            if (length !== $undefined) {
                if (reader.pos !== end)
                    throw $RangeError("index out of range");
                reader.len = length;
            }
            if (_end !== $undefined)
                throw $Error("missing end group");
            return message;
        };

        /**
         * Creates a SendAck message from a plain object. Also converts values to their respective internal types.
         * @function fromObject
         * @memberof im.SendAck
         * @static
         * @param {Object.<string,*>} object Plain object
         * @returns {im.SendAck} SendAck
         */
        SendAck.fromObject = function (object, _depth) {
            if (object instanceof $root.im.SendAck)
                return object;
            if (!$util.isObject(object))
                throw $TypeError(".im.SendAck: object expected");
            if (_depth === $undefined)
                _depth = 0;
            if (_depth > $util.recursionLimit)
                throw $Error("max depth exceeded");
            let message = new $root.im.SendAck();
            if (object.msgId != null)
                if (typeof object.msgId === "object" ? object.msgId.low || object.msgId.high : $Number(object.msgId) !== 0)
                    if ($util.Long)
                        message.msgId = $util.Long.fromValue(object.msgId, true);
                    else if (typeof object.msgId === "string")
                        message.msgId = $parseInt(object.msgId, 10);
                    else if (typeof object.msgId === "number")
                        message.msgId = object.msgId;
                    else if (typeof object.msgId === "object")
                        message.msgId = new $util.LongBits(object.msgId.low >>> 0, object.msgId.high >>> 0).toNumber(true);
            if (object.seq != null)
                if (typeof object.seq === "object" ? object.seq.low || object.seq.high : $Number(object.seq) !== 0)
                    if ($util.Long)
                        message.seq = $util.Long.fromValue(object.seq, true);
                    else if (typeof object.seq === "string")
                        message.seq = $parseInt(object.seq, 10);
                    else if (typeof object.seq === "number")
                        message.seq = object.seq;
                    else if (typeof object.seq === "object")
                        message.seq = new $util.LongBits(object.seq.low >>> 0, object.seq.high >>> 0).toNumber(true);
            if (object.sentAt != null)
                if (typeof object.sentAt === "object" ? object.sentAt.low || object.sentAt.high : $Number(object.sentAt) !== 0)
                    if ($util.Long)
                        message.sentAt = $util.Long.fromValue(object.sentAt, true);
                    else if (typeof object.sentAt === "string")
                        message.sentAt = $parseInt(object.sentAt, 10);
                    else if (typeof object.sentAt === "number")
                        message.sentAt = object.sentAt;
                    else if (typeof object.sentAt === "object")
                        message.sentAt = new $util.LongBits(object.sentAt.low >>> 0, object.sentAt.high >>> 0).toNumber(true);
            if (object.clientMsgId != null)
                if (typeof object.clientMsgId !== "string" || object.clientMsgId.length)
                    message.clientMsgId = $String(object.clientMsgId);
            if (object.duplicate != null)
                if (object.duplicate)
                    message.duplicate = $Boolean(object.duplicate);
            return message;
        };

        /**
         * Creates a plain object from a SendAck message. Also converts values to other types if specified.
         * @function toObject
         * @memberof im.SendAck
         * @static
         * @param {im.SendAck} message SendAck
         * @param {$protobuf.IConversionOptions} [options] Conversion options
         * @returns {Object.<string,*>} Plain object
         */
        SendAck.toObject = function (message, options, _depth) {
            if (!options)
                options = {};
            if (_depth === $undefined)
                _depth = 0;
            if (_depth > $util.recursionLimit)
                throw $Error("max depth exceeded");
            let object = {};
            if (options.defaults) {
                if ($util.Long) {
                    let long = new $util.Long(0, 0, true);
                    object.msgId = options.longs === $String ? long.toString() : options.longs === $Number ? long.toNumber() : typeof $BigInt !== "undefined" && options.longs === $BigInt ? long.toBigInt() : long;
                } else
                    object.msgId = options.longs === $String ? "0" : typeof $BigInt !== "undefined" && options.longs === $BigInt ? $BigInt("0") : 0;
                if ($util.Long) {
                    let long = new $util.Long(0, 0, true);
                    object.seq = options.longs === $String ? long.toString() : options.longs === $Number ? long.toNumber() : typeof $BigInt !== "undefined" && options.longs === $BigInt ? long.toBigInt() : long;
                } else
                    object.seq = options.longs === $String ? "0" : typeof $BigInt !== "undefined" && options.longs === $BigInt ? $BigInt("0") : 0;
                if ($util.Long) {
                    let long = new $util.Long(0, 0, true);
                    object.sentAt = options.longs === $String ? long.toString() : options.longs === $Number ? long.toNumber() : typeof $BigInt !== "undefined" && options.longs === $BigInt ? long.toBigInt() : long;
                } else
                    object.sentAt = options.longs === $String ? "0" : typeof $BigInt !== "undefined" && options.longs === $BigInt ? $BigInt("0") : 0;
                object.clientMsgId = "";
                object.duplicate = false;
            }
            if (message.msgId != null && $Object.hasOwnProperty.call(message, "msgId"))
                if (typeof $BigInt !== "undefined" && options.longs === $BigInt)
                    object.msgId = typeof message.msgId === "number" ? $BigInt(message.msgId) : $util.Long.fromBits(message.msgId.low >>> 0, message.msgId.high >>> 0, true).toBigInt();
                else if (typeof message.msgId === "number")
                    object.msgId = options.longs === $String ? $String(message.msgId) : message.msgId;
                else
                    object.msgId = options.longs === $String ? $util.Long.prototype.toString.call(message.msgId) : options.longs === $Number ? new $util.LongBits(message.msgId.low >>> 0, message.msgId.high >>> 0).toNumber(true) : message.msgId;
            if (message.seq != null && $Object.hasOwnProperty.call(message, "seq"))
                if (typeof $BigInt !== "undefined" && options.longs === $BigInt)
                    object.seq = typeof message.seq === "number" ? $BigInt(message.seq) : $util.Long.fromBits(message.seq.low >>> 0, message.seq.high >>> 0, true).toBigInt();
                else if (typeof message.seq === "number")
                    object.seq = options.longs === $String ? $String(message.seq) : message.seq;
                else
                    object.seq = options.longs === $String ? $util.Long.prototype.toString.call(message.seq) : options.longs === $Number ? new $util.LongBits(message.seq.low >>> 0, message.seq.high >>> 0).toNumber(true) : message.seq;
            if (message.sentAt != null && $Object.hasOwnProperty.call(message, "sentAt"))
                if (typeof $BigInt !== "undefined" && options.longs === $BigInt)
                    object.sentAt = typeof message.sentAt === "number" ? $BigInt(message.sentAt) : $util.Long.fromBits(message.sentAt.low >>> 0, message.sentAt.high >>> 0, true).toBigInt();
                else if (typeof message.sentAt === "number")
                    object.sentAt = options.longs === $String ? $String(message.sentAt) : message.sentAt;
                else
                    object.sentAt = options.longs === $String ? $util.Long.prototype.toString.call(message.sentAt) : options.longs === $Number ? new $util.LongBits(message.sentAt.low >>> 0, message.sentAt.high >>> 0).toNumber(true) : message.sentAt;
            if (message.clientMsgId != null && $Object.hasOwnProperty.call(message, "clientMsgId"))
                object.clientMsgId = message.clientMsgId;
            if (message.duplicate != null && $Object.hasOwnProperty.call(message, "duplicate"))
                object.duplicate = message.duplicate;
            return object;
        };

        /**
         * Converts this SendAck to JSON.
         * @function toJSON
         * @memberof im.SendAck
         * @instance
         * @returns {Object.<string,*>} JSON object
         */
        SendAck.prototype.toJSON = function() {
            return SendAck.toObject(this, $protobuf.util.toJSONOptions);
        };

        return SendAck;
    })();

    im.MsgPush = (function() {

        /**
         * Properties of a MsgPush.
         * @typedef {Object} im.MsgPush.$Properties
         * @property {im.Message.$Properties|null} [message] MsgPush message
         * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
         */

        /**
         * Properties of a MsgPush.
         * @memberof im
         * @interface IMsgPush
         * @augments im.MsgPush.$Properties
         * @deprecated Use im.MsgPush.$Properties instead.
         */

        /**
         * Shape of a MsgPush.
         * @typedef {im.MsgPush.$Properties} im.MsgPush.$Shape
         */

        /**
         * Constructs a new MsgPush.
         * @memberof im
         * @classdesc Represents a MsgPush.
         * @constructor
         * @param {im.MsgPush.$Properties=} [properties] Properties to set
         * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
         */
        const MsgPush = function (properties) {
            if (properties)
                for (let keys = $Object.keys(properties), i = 0; i < keys.length; ++i)
                    if (properties[keys[i]] != null && keys[i] !== "__proto__")
                        this[keys[i]] = properties[keys[i]];
        };

        /**
         * MsgPush message.
         * @member {im.Message.$Properties|null|undefined} message
         * @memberof im.MsgPush
         * @instance
         */
        MsgPush.prototype.message = null;

        /**
         * Creates a new MsgPush instance using the specified properties.
         * @function create
         * @memberof im.MsgPush
         * @static
         * @param {im.MsgPush.$Properties=} [properties] Properties to set
         * @returns {im.MsgPush} MsgPush instance
         * @type {{
         *   (properties: im.MsgPush.$Shape): im.MsgPush & im.MsgPush.$Shape;
         *   (properties?: im.MsgPush.$Properties): im.MsgPush;
         * }}
         */
        MsgPush.create = function(properties) {
            return new MsgPush(properties);
        };

        /**
         * Encodes the specified MsgPush message. Does not implicitly {@link im.MsgPush.verify|verify} messages.
         * @function encode
         * @memberof im.MsgPush
         * @static
         * @param {im.MsgPush.$Properties} message MsgPush message or plain object to encode
         * @param {$protobuf.Writer} [writer] Writer to encode to
         * @returns {$protobuf.Writer} Writer
         */
        MsgPush.encode = function (message, writer, _depth) {
            if (!writer)
                writer = $Writer.create();
            if (_depth === $undefined)
                _depth = 0;
            if (_depth > $util.recursionLimit)
                throw $Error("max depth exceeded");
            if (message.message != null && $Object.hasOwnProperty.call(message, "message"))
                $root.im.Message.encode(message.message, writer.uint32(/* id 1, wireType 2 =*/10).fork(), _depth + 1).ldelim();
            if (message.$unknowns != null && $Object.hasOwnProperty.call(message, "$unknowns"))
                for (let i = 0; i < message.$unknowns.length; ++i)
                    writer.raw(message.$unknowns[i]);
            return writer;
        };

        /**
         * Decodes a MsgPush message from the specified reader or buffer.
         * @function decode
         * @memberof im.MsgPush
         * @static
         * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
         * @param {number} [length] Message length if known beforehand
         * @returns {im.MsgPush & im.MsgPush.$Shape} MsgPush
         * @throws {Error} If the payload is not a reader or valid buffer
         * @throws {$protobuf.util.ProtocolError} If required fields are missing
         */
        MsgPush.decode = function (reader, length, _end, _depth, _target) {
            if (!(reader instanceof $Reader))
                reader = $Reader.create(reader);
            if (_depth === $undefined)
                _depth = 0;
            if (_depth > $Reader.recursionLimit)
                throw $Error("max depth exceeded");
            let end, message, value;
            if (length === $undefined)
                end = reader.len;
            else {
                end = reader.pos + length;
                if (end > reader.len)
                    throw $RangeError("index out of range");
                length = reader.len;
                reader.len = end;
            }
            message = _target || new $root.im.MsgPush();
            while (reader.pos < end) {
                let start = reader.pos;
                let tag = reader.tag();
                if (tag === _end) {
                    _end = $undefined;
                    break;
                }
                let wireType = tag & 7;
                switch (tag >>>= 3) {
                case 1: {
                        if (wireType !== 2)
                            break;
                        message.message = $root.im.Message.decode(reader, reader.size(), $undefined, _depth + 1, message.message);
                        continue;
                    }
                }
                reader.skipType(wireType, _depth, tag);
                if (!reader.discardUnknown) {
                    $util.makeProp(message, "$unknowns", false);
                    (message.$unknowns || (message.$unknowns = [])).push(reader.raw(start, reader.pos));
                }
            }
            if (length !== $undefined) {
                if (reader.pos !== end)
                    throw $RangeError("index out of range");
                reader.len = length;
            }
            if (_end !== $undefined)
                throw $Error("missing end group");
            return message;
        };

        /**
         * Creates a MsgPush message from a plain object. Also converts values to their respective internal types.
         * @function fromObject
         * @memberof im.MsgPush
         * @static
         * @param {Object.<string,*>} object Plain object
         * @returns {im.MsgPush} MsgPush
         */
        MsgPush.fromObject = function (object, _depth) {
            if (object instanceof $root.im.MsgPush)
                return object;
            if (!$util.isObject(object))
                throw $TypeError(".im.MsgPush: object expected");
            if (_depth === $undefined)
                _depth = 0;
            if (_depth > $util.recursionLimit)
                throw $Error("max depth exceeded");
            let message = new $root.im.MsgPush();
            if (object.message != null) {
                if (!$util.isObject(object.message))
                    throw $TypeError(".im.MsgPush.message: object expected");
                message.message = $root.im.Message.fromObject(object.message, _depth + 1);
            }
            return message;
        };

        /**
         * Creates a plain object from a MsgPush message. Also converts values to other types if specified.
         * @function toObject
         * @memberof im.MsgPush
         * @static
         * @param {im.MsgPush} message MsgPush
         * @param {$protobuf.IConversionOptions} [options] Conversion options
         * @returns {Object.<string,*>} Plain object
         */
        MsgPush.toObject = function (message, options, _depth) {
            if (!options)
                options = {};
            if (_depth === $undefined)
                _depth = 0;
            if (_depth > $util.recursionLimit)
                throw $Error("max depth exceeded");
            let object = {};
            if (options.defaults)
                object.message = null;
            if (message.message != null && $Object.hasOwnProperty.call(message, "message"))
                object.message = $root.im.Message.toObject(message.message, options, _depth + 1);
            return object;
        };

        /**
         * Converts this MsgPush to JSON.
         * @function toJSON
         * @memberof im.MsgPush
         * @instance
         * @returns {Object.<string,*>} JSON object
         */
        MsgPush.prototype.toJSON = function() {
            return MsgPush.toObject(this, $protobuf.util.toJSONOptions);
        };

        return MsgPush;
    })();

    im.MsgPushAck = (function() {

        /**
         * Properties of a MsgPushAck.
         * @typedef {Object} im.MsgPushAck.$Properties
         * @property {Array.<number>|null} [seqs] MsgPushAck seqs
         * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
         */

        /**
         * Properties of a MsgPushAck.
         * @memberof im
         * @interface IMsgPushAck
         * @augments im.MsgPushAck.$Properties
         * @deprecated Use im.MsgPushAck.$Properties instead.
         */

        /**
         * Shape of a MsgPushAck.
         * @typedef {im.MsgPushAck.$Properties} im.MsgPushAck.$Shape
         */

        /**
         * Constructs a new MsgPushAck.
         * @memberof im
         * @classdesc Represents a MsgPushAck.
         * @constructor
         * @param {im.MsgPushAck.$Properties=} [properties] Properties to set
         * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
         */
        const MsgPushAck = function (properties) {
            this.seqs = [];
            if (properties)
                for (let keys = $Object.keys(properties), i = 0; i < keys.length; ++i)
                    if (properties[keys[i]] != null && keys[i] !== "__proto__")
                        this[keys[i]] = properties[keys[i]];
        };

        /**
         * MsgPushAck seqs.
         * @member {Array.<number>} seqs
         * @memberof im.MsgPushAck
         * @instance
         */
        MsgPushAck.prototype.seqs = $util.emptyArray;

        /**
         * Creates a new MsgPushAck instance using the specified properties.
         * @function create
         * @memberof im.MsgPushAck
         * @static
         * @param {im.MsgPushAck.$Properties=} [properties] Properties to set
         * @returns {im.MsgPushAck} MsgPushAck instance
         * @type {{
         *   (properties: im.MsgPushAck.$Shape): im.MsgPushAck & im.MsgPushAck.$Shape;
         *   (properties?: im.MsgPushAck.$Properties): im.MsgPushAck;
         * }}
         */
        MsgPushAck.create = function(properties) {
            return new MsgPushAck(properties);
        };

        /**
         * Encodes the specified MsgPushAck message. Does not implicitly {@link im.MsgPushAck.verify|verify} messages.
         * @function encode
         * @memberof im.MsgPushAck
         * @static
         * @param {im.MsgPushAck.$Properties} message MsgPushAck message or plain object to encode
         * @param {$protobuf.Writer} [writer] Writer to encode to
         * @returns {$protobuf.Writer} Writer
         */
        MsgPushAck.encode = function (message, writer, _depth) {
            if (!writer)
                writer = $Writer.create();
            if (_depth === $undefined)
                _depth = 0;
            if (_depth > $util.recursionLimit)
                throw $Error("max depth exceeded");
            if (message.seqs != null && message.seqs.length)
                writer.uint32(/* id 1, wireType 2 =*/10).uint64s(message.seqs);
            if (message.$unknowns != null && $Object.hasOwnProperty.call(message, "$unknowns"))
                for (let i = 0; i < message.$unknowns.length; ++i)
                    writer.raw(message.$unknowns[i]);
            return writer;
        };

        /**
         * Decodes a MsgPushAck message from the specified reader or buffer.
         * @function decode
         * @memberof im.MsgPushAck
         * @static
         * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
         * @param {number} [length] Message length if known beforehand
         * @returns {im.MsgPushAck & im.MsgPushAck.$Shape} MsgPushAck
         * @throws {Error} If the payload is not a reader or valid buffer
         * @throws {$protobuf.util.ProtocolError} If required fields are missing
         */
        MsgPushAck.decode = function (reader, length, _end, _depth, _target) {
            if (!(reader instanceof $Reader))
                reader = $Reader.create(reader);
            if (_depth === $undefined)
                _depth = 0;
            if (_depth > $Reader.recursionLimit)
                throw $Error("max depth exceeded");
            let end, message;
            if (length === $undefined)
                end = reader.len;
            else {
                end = reader.pos + length;
                if (end > reader.len)
                    throw $RangeError("index out of range");
                length = reader.len;
                reader.len = end;
            }
            message = _target || new $root.im.MsgPushAck();
            while (reader.pos < end) {
                let start = reader.pos;
                let tag = reader.tag();
                if (tag === _end) {
                    _end = $undefined;
                    break;
                }
                let wireType = tag & 7;
                switch (tag >>>= 3) {
                case 1: {
                        if (wireType === 2) {
                            if (!(message.seqs && message.seqs.length))
                                message.seqs = [];
                            reader.uint64s(message.seqs);
                            continue;
                        }
                        if (wireType !== 0)
                            break;
                        if (!(message.seqs && message.seqs.length))
                            message.seqs = [];
                        message.seqs.push(reader.uint64());
                        continue;
                    }
                }
                reader.skipType(wireType, _depth, tag);
                if (!reader.discardUnknown) {
                    $util.makeProp(message, "$unknowns", false);
                    (message.$unknowns || (message.$unknowns = [])).push(reader.raw(start, reader.pos));
                }
            }
            if (length !== $undefined) {
                if (reader.pos !== end)
                    throw $RangeError("index out of range");
                reader.len = length;
            }
            if (_end !== $undefined)
                throw $Error("missing end group");
            return message;
        };

        /**
         * Creates a MsgPushAck message from a plain object. Also converts values to their respective internal types.
         * @function fromObject
         * @memberof im.MsgPushAck
         * @static
         * @param {Object.<string,*>} object Plain object
         * @returns {im.MsgPushAck} MsgPushAck
         */
        MsgPushAck.fromObject = function (object, _depth) {
            if (object instanceof $root.im.MsgPushAck)
                return object;
            if (!$util.isObject(object))
                throw $TypeError(".im.MsgPushAck: object expected");
            if (_depth === $undefined)
                _depth = 0;
            if (_depth > $util.recursionLimit)
                throw $Error("max depth exceeded");
            let message = new $root.im.MsgPushAck();
            if (object.seqs) {
                if (!$Array.isArray(object.seqs))
                    throw $TypeError(".im.MsgPushAck.seqs: array expected");
                message.seqs = $Array(object.seqs.length);
                for (let i = 0; i < object.seqs.length; ++i)
                    if ($util.Long)
                        message.seqs[i] = $util.Long.fromValue(object.seqs[i], true);
                    else if (typeof object.seqs[i] === "string")
                        message.seqs[i] = $parseInt(object.seqs[i], 10);
                    else if (typeof object.seqs[i] === "number")
                        message.seqs[i] = object.seqs[i];
                    else if (typeof object.seqs[i] === "object")
                        message.seqs[i] = new $util.LongBits(object.seqs[i].low >>> 0, object.seqs[i].high >>> 0).toNumber(true);
            }
            return message;
        };

        /**
         * Creates a plain object from a MsgPushAck message. Also converts values to other types if specified.
         * @function toObject
         * @memberof im.MsgPushAck
         * @static
         * @param {im.MsgPushAck} message MsgPushAck
         * @param {$protobuf.IConversionOptions} [options] Conversion options
         * @returns {Object.<string,*>} Plain object
         */
        MsgPushAck.toObject = function (message, options, _depth) {
            if (!options)
                options = {};
            if (_depth === $undefined)
                _depth = 0;
            if (_depth > $util.recursionLimit)
                throw $Error("max depth exceeded");
            let object = {};
            if (options.arrays || options.defaults)
                object.seqs = [];
            if (message.seqs && message.seqs.length) {
                object.seqs = $Array(message.seqs.length);
                for (let j = 0; j < message.seqs.length; ++j)
                    if (typeof $BigInt !== "undefined" && options.longs === $BigInt)
                        object.seqs[j] = typeof message.seqs[j] === "number" ? $BigInt(message.seqs[j]) : $util.Long.fromBits(message.seqs[j].low >>> 0, message.seqs[j].high >>> 0, true).toBigInt();
                    else if (typeof message.seqs[j] === "number")
                        object.seqs[j] = options.longs === $String ? $String(message.seqs[j]) : message.seqs[j];
                    else
                        object.seqs[j] = options.longs === $String ? $util.Long.prototype.toString.call(message.seqs[j]) : options.longs === $Number ? new $util.LongBits(message.seqs[j].low >>> 0, message.seqs[j].high >>> 0).toNumber(true) : message.seqs[j];
            }
            return object;
        };

        /**
         * Converts this MsgPushAck to JSON.
         * @function toJSON
         * @memberof im.MsgPushAck
         * @instance
         * @returns {Object.<string,*>} JSON object
         */
        MsgPushAck.prototype.toJSON = function() {
            return MsgPushAck.toObject(this, $protobuf.util.toJSONOptions);
        };

        return MsgPushAck;
    })();

    im.PullReq = (function() {

        /**
         * Properties of a PullReq.
         * @typedef {Object} im.PullReq.$Properties
         * @property {number|null} [afterSeq] PullReq afterSeq
         * @property {number|null} [limit] PullReq limit
         * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
         */

        /**
         * Properties of a PullReq.
         * @memberof im
         * @interface IPullReq
         * @augments im.PullReq.$Properties
         * @deprecated Use im.PullReq.$Properties instead.
         */

        /**
         * Shape of a PullReq.
         * @typedef {im.PullReq.$Properties} im.PullReq.$Shape
         */

        /**
         * Constructs a new PullReq.
         * @memberof im
         * @classdesc Represents a PullReq.
         * @constructor
         * @param {im.PullReq.$Properties=} [properties] Properties to set
         * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
         */
        const PullReq = function (properties) {
            if (properties)
                for (let keys = $Object.keys(properties), i = 0; i < keys.length; ++i)
                    if (properties[keys[i]] != null && keys[i] !== "__proto__")
                        this[keys[i]] = properties[keys[i]];
        };

        /**
         * PullReq afterSeq.
         * @member {number} afterSeq
         * @memberof im.PullReq
         * @instance
         */
        PullReq.prototype.afterSeq = $util.Long ? $util.Long.fromBits(0,0,true) : 0;

        /**
         * PullReq limit.
         * @member {number} limit
         * @memberof im.PullReq
         * @instance
         */
        PullReq.prototype.limit = 0;

        /**
         * Creates a new PullReq instance using the specified properties.
         * @function create
         * @memberof im.PullReq
         * @static
         * @param {im.PullReq.$Properties=} [properties] Properties to set
         * @returns {im.PullReq} PullReq instance
         * @type {{
         *   (properties: im.PullReq.$Shape): im.PullReq & im.PullReq.$Shape;
         *   (properties?: im.PullReq.$Properties): im.PullReq;
         * }}
         */
        PullReq.create = function(properties) {
            return new PullReq(properties);
        };

        /**
         * Encodes the specified PullReq message. Does not implicitly {@link im.PullReq.verify|verify} messages.
         * @function encode
         * @memberof im.PullReq
         * @static
         * @param {im.PullReq.$Properties} message PullReq message or plain object to encode
         * @param {$protobuf.Writer} [writer] Writer to encode to
         * @returns {$protobuf.Writer} Writer
         */
        PullReq.encode = function (message, writer, _depth) {
            if (!writer)
                writer = $Writer.create();
            if (_depth === $undefined)
                _depth = 0;
            if (_depth > $util.recursionLimit)
                throw $Error("max depth exceeded");
            if (message.afterSeq != null && $Object.hasOwnProperty.call(message, "afterSeq") && (typeof message.afterSeq === "object" ? message.afterSeq.low || message.afterSeq.high : message.afterSeq !== 0))
                writer.uint32(/* id 1, wireType 0 =*/8).uint64(message.afterSeq);
            if (message.limit != null && $Object.hasOwnProperty.call(message, "limit") && message.limit !== 0)
                writer.uint32(/* id 2, wireType 0 =*/16).uint32(message.limit);
            if (message.$unknowns != null && $Object.hasOwnProperty.call(message, "$unknowns"))
                for (let i = 0; i < message.$unknowns.length; ++i)
                    writer.raw(message.$unknowns[i]);
            return writer;
        };

        /**
         * Decodes a PullReq message from the specified reader or buffer.
         * @function decode
         * @memberof im.PullReq
         * @static
         * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
         * @param {number} [length] Message length if known beforehand
         * @returns {im.PullReq & im.PullReq.$Shape} PullReq
         * @throws {Error} If the payload is not a reader or valid buffer
         * @throws {$protobuf.util.ProtocolError} If required fields are missing
         */
        PullReq.decode = function (reader, length, _end, _depth, _target) {
            if (!(reader instanceof $Reader))
                reader = $Reader.create(reader);
            if (_depth === $undefined)
                _depth = 0;
            if (_depth > $Reader.recursionLimit)
                throw $Error("max depth exceeded");
            let end, message, value;
            if (length === $undefined)
                end = reader.len;
            else {
                end = reader.pos + length;
                if (end > reader.len)
                    throw $RangeError("index out of range");
                length = reader.len;
                reader.len = end;
            }
            message = _target || new $root.im.PullReq();
            while (reader.pos < end) {
                let start = reader.pos;
                let tag = reader.tag();
                if (tag === _end) {
                    _end = $undefined;
                    break;
                }
                let wireType = tag & 7;
                switch (tag >>>= 3) {
                case 1: {
                        if (wireType !== 0)
                            break;
                        if (typeof (value = reader.uint64()) === "object" ? value.low || value.high : value !== 0)
                            message.afterSeq = value;
                        else
                            delete message.afterSeq;
                        continue;
                    }
                case 2: {
                        if (wireType !== 0)
                            break;
                        if (value = reader.uint32())
                            message.limit = value;
                        else
                            delete message.limit;
                        continue;
                    }
                }
                reader.skipType(wireType, _depth, tag);
                if (!reader.discardUnknown) {
                    $util.makeProp(message, "$unknowns", false);
                    (message.$unknowns || (message.$unknowns = [])).push(reader.raw(start, reader.pos));
                }
            }
            if (length !== $undefined) {
                if (reader.pos !== end)
                    throw $RangeError("index out of range");
                reader.len = length;
            }
            if (_end !== $undefined)
                throw $Error("missing end group");
            return message;
        };

        /**
         * Creates a PullReq message from a plain object. Also converts values to their respective internal types.
         * @function fromObject
         * @memberof im.PullReq
         * @static
         * @param {Object.<string,*>} object Plain object
         * @returns {im.PullReq} PullReq
         */
        PullReq.fromObject = function (object, _depth) {
            if (object instanceof $root.im.PullReq)
                return object;
            if (!$util.isObject(object))
                throw $TypeError(".im.PullReq: object expected");
            if (_depth === $undefined)
                _depth = 0;
            if (_depth > $util.recursionLimit)
                throw $Error("max depth exceeded");
            let message = new $root.im.PullReq();
            if (object.afterSeq != null)
                if (typeof object.afterSeq === "object" ? object.afterSeq.low || object.afterSeq.high : $Number(object.afterSeq) !== 0)
                    if ($util.Long)
                        message.afterSeq = $util.Long.fromValue(object.afterSeq, true);
                    else if (typeof object.afterSeq === "string")
                        message.afterSeq = $parseInt(object.afterSeq, 10);
                    else if (typeof object.afterSeq === "number")
                        message.afterSeq = object.afterSeq;
                    else if (typeof object.afterSeq === "object")
                        message.afterSeq = new $util.LongBits(object.afterSeq.low >>> 0, object.afterSeq.high >>> 0).toNumber(true);
            if (object.limit != null)
                if ($Number(object.limit) !== 0)
                    message.limit = object.limit >>> 0;
            return message;
        };

        /**
         * Creates a plain object from a PullReq message. Also converts values to other types if specified.
         * @function toObject
         * @memberof im.PullReq
         * @static
         * @param {im.PullReq} message PullReq
         * @param {$protobuf.IConversionOptions} [options] Conversion options
         * @returns {Object.<string,*>} Plain object
         */
        PullReq.toObject = function (message, options, _depth) {
            if (!options)
                options = {};
            if (_depth === $undefined)
                _depth = 0;
            if (_depth > $util.recursionLimit)
                throw $Error("max depth exceeded");
            let object = {};
            if (options.defaults) {
                if ($util.Long) {
                    let long = new $util.Long(0, 0, true);
                    object.afterSeq = options.longs === $String ? long.toString() : options.longs === $Number ? long.toNumber() : typeof $BigInt !== "undefined" && options.longs === $BigInt ? long.toBigInt() : long;
                } else
                    object.afterSeq = options.longs === $String ? "0" : typeof $BigInt !== "undefined" && options.longs === $BigInt ? $BigInt("0") : 0;
                object.limit = 0;
            }
            if (message.afterSeq != null && $Object.hasOwnProperty.call(message, "afterSeq"))
                if (typeof $BigInt !== "undefined" && options.longs === $BigInt)
                    object.afterSeq = typeof message.afterSeq === "number" ? $BigInt(message.afterSeq) : $util.Long.fromBits(message.afterSeq.low >>> 0, message.afterSeq.high >>> 0, true).toBigInt();
                else if (typeof message.afterSeq === "number")
                    object.afterSeq = options.longs === $String ? $String(message.afterSeq) : message.afterSeq;
                else
                    object.afterSeq = options.longs === $String ? $util.Long.prototype.toString.call(message.afterSeq) : options.longs === $Number ? new $util.LongBits(message.afterSeq.low >>> 0, message.afterSeq.high >>> 0).toNumber(true) : message.afterSeq;
            if (message.limit != null && $Object.hasOwnProperty.call(message, "limit"))
                object.limit = message.limit;
            return object;
        };

        /**
         * Converts this PullReq to JSON.
         * @function toJSON
         * @memberof im.PullReq
         * @instance
         * @returns {Object.<string,*>} JSON object
         */
        PullReq.prototype.toJSON = function() {
            return PullReq.toObject(this, $protobuf.util.toJSONOptions);
        };

        return PullReq;
    })();

    im.PullResp = (function() {

        /**
         * Properties of a PullResp.
         * @typedef {Object} im.PullResp.$Properties
         * @property {Array.<im.Message.$Properties>|null} [messages] PullResp messages
         * @property {boolean|null} [hasMore] PullResp hasMore
         * @property {number|null} [maxSeq] PullResp maxSeq
         * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
         */

        /**
         * Properties of a PullResp.
         * @memberof im
         * @interface IPullResp
         * @augments im.PullResp.$Properties
         * @deprecated Use im.PullResp.$Properties instead.
         */

        /**
         * Shape of a PullResp.
         * @typedef {im.PullResp.$Properties} im.PullResp.$Shape
         */

        /**
         * Constructs a new PullResp.
         * @memberof im
         * @classdesc Represents a PullResp.
         * @constructor
         * @param {im.PullResp.$Properties=} [properties] Properties to set
         * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
         */
        const PullResp = function (properties) {
            this.messages = [];
            if (properties)
                for (let keys = $Object.keys(properties), i = 0; i < keys.length; ++i)
                    if (properties[keys[i]] != null && keys[i] !== "__proto__")
                        this[keys[i]] = properties[keys[i]];
        };

        /**
         * PullResp messages.
         * @member {Array.<im.Message.$Properties>} messages
         * @memberof im.PullResp
         * @instance
         */
        PullResp.prototype.messages = $util.emptyArray;

        /**
         * PullResp hasMore.
         * @member {boolean} hasMore
         * @memberof im.PullResp
         * @instance
         */
        PullResp.prototype.hasMore = false;

        /**
         * PullResp maxSeq.
         * @member {number} maxSeq
         * @memberof im.PullResp
         * @instance
         */
        PullResp.prototype.maxSeq = $util.Long ? $util.Long.fromBits(0,0,true) : 0;

        /**
         * Creates a new PullResp instance using the specified properties.
         * @function create
         * @memberof im.PullResp
         * @static
         * @param {im.PullResp.$Properties=} [properties] Properties to set
         * @returns {im.PullResp} PullResp instance
         * @type {{
         *   (properties: im.PullResp.$Shape): im.PullResp & im.PullResp.$Shape;
         *   (properties?: im.PullResp.$Properties): im.PullResp;
         * }}
         */
        PullResp.create = function(properties) {
            return new PullResp(properties);
        };

        /**
         * Encodes the specified PullResp message. Does not implicitly {@link im.PullResp.verify|verify} messages.
         * @function encode
         * @memberof im.PullResp
         * @static
         * @param {im.PullResp.$Properties} message PullResp message or plain object to encode
         * @param {$protobuf.Writer} [writer] Writer to encode to
         * @returns {$protobuf.Writer} Writer
         */
        PullResp.encode = function (message, writer, _depth) {
            if (!writer)
                writer = $Writer.create();
            if (_depth === $undefined)
                _depth = 0;
            if (_depth > $util.recursionLimit)
                throw $Error("max depth exceeded");
            if (message.messages != null && message.messages.length)
                for (let i = 0; i < message.messages.length; ++i)
                    $root.im.Message.encode(message.messages[i], writer.uint32(/* id 1, wireType 2 =*/10).fork(), _depth + 1).ldelim();
            if (message.hasMore != null && $Object.hasOwnProperty.call(message, "hasMore") && message.hasMore !== false)
                writer.uint32(/* id 2, wireType 0 =*/16).bool(message.hasMore);
            if (message.maxSeq != null && $Object.hasOwnProperty.call(message, "maxSeq") && (typeof message.maxSeq === "object" ? message.maxSeq.low || message.maxSeq.high : message.maxSeq !== 0))
                writer.uint32(/* id 3, wireType 0 =*/24).uint64(message.maxSeq);
            if (message.$unknowns != null && $Object.hasOwnProperty.call(message, "$unknowns"))
                for (let i = 0; i < message.$unknowns.length; ++i)
                    writer.raw(message.$unknowns[i]);
            return writer;
        };

        /**
         * Decodes a PullResp message from the specified reader or buffer.
         * @function decode
         * @memberof im.PullResp
         * @static
         * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
         * @param {number} [length] Message length if known beforehand
         * @returns {im.PullResp & im.PullResp.$Shape} PullResp
         * @throws {Error} If the payload is not a reader or valid buffer
         * @throws {$protobuf.util.ProtocolError} If required fields are missing
         */
        PullResp.decode = function (reader, length, _end, _depth, _target) {
            if (!(reader instanceof $Reader))
                reader = $Reader.create(reader);
            if (_depth === $undefined)
                _depth = 0;
            if (_depth > $Reader.recursionLimit)
                throw $Error("max depth exceeded");
            let end, message, value;
            if (length === $undefined)
                end = reader.len;
            else {
                end = reader.pos + length;
                if (end > reader.len)
                    throw $RangeError("index out of range");
                length = reader.len;
                reader.len = end;
            }
            message = _target || new $root.im.PullResp();
            while (reader.pos < end) {
                let start = reader.pos;
                let tag = reader.tag();
                if (tag === _end) {
                    _end = $undefined;
                    break;
                }
                let wireType = tag & 7;
                switch (tag >>>= 3) {
                case 1: {
                        if (wireType !== 2)
                            break;
                        if (!(message.messages && message.messages.length))
                            message.messages = [];
                        message.messages.push($root.im.Message.decode(reader, reader.size(), $undefined, _depth + 1));
                        continue;
                    }
                case 2: {
                        if (wireType !== 0)
                            break;
                        if (value = reader.bool())
                            message.hasMore = value;
                        else
                            delete message.hasMore;
                        continue;
                    }
                case 3: {
                        if (wireType !== 0)
                            break;
                        if (typeof (value = reader.uint64()) === "object" ? value.low || value.high : value !== 0)
                            message.maxSeq = value;
                        else
                            delete message.maxSeq;
                        continue;
                    }
                }
                reader.skipType(wireType, _depth, tag);
                if (!reader.discardUnknown) {
                    $util.makeProp(message, "$unknowns", false);
                    (message.$unknowns || (message.$unknowns = [])).push(reader.raw(start, reader.pos));
                }
            }
            if (length !== $undefined) {
                if (reader.pos !== end)
                    throw $RangeError("index out of range");
                reader.len = length;
            }
            if (_end !== $undefined)
                throw $Error("missing end group");
            return message;
        };

        /**
         * Creates a PullResp message from a plain object. Also converts values to their respective internal types.
         * @function fromObject
         * @memberof im.PullResp
         * @static
         * @param {Object.<string,*>} object Plain object
         * @returns {im.PullResp} PullResp
         */
        PullResp.fromObject = function (object, _depth) {
            if (object instanceof $root.im.PullResp)
                return object;
            if (!$util.isObject(object))
                throw $TypeError(".im.PullResp: object expected");
            if (_depth === $undefined)
                _depth = 0;
            if (_depth > $util.recursionLimit)
                throw $Error("max depth exceeded");
            let message = new $root.im.PullResp();
            if (object.messages) {
                if (!$Array.isArray(object.messages))
                    throw $TypeError(".im.PullResp.messages: array expected");
                message.messages = $Array(object.messages.length);
                for (let i = 0; i < object.messages.length; ++i) {
                    if (!$util.isObject(object.messages[i]))
                        throw $TypeError(".im.PullResp.messages: object expected");
                    message.messages[i] = $root.im.Message.fromObject(object.messages[i], _depth + 1);
                }
            }
            if (object.hasMore != null)
                if (object.hasMore)
                    message.hasMore = $Boolean(object.hasMore);
            if (object.maxSeq != null)
                if (typeof object.maxSeq === "object" ? object.maxSeq.low || object.maxSeq.high : $Number(object.maxSeq) !== 0)
                    if ($util.Long)
                        message.maxSeq = $util.Long.fromValue(object.maxSeq, true);
                    else if (typeof object.maxSeq === "string")
                        message.maxSeq = $parseInt(object.maxSeq, 10);
                    else if (typeof object.maxSeq === "number")
                        message.maxSeq = object.maxSeq;
                    else if (typeof object.maxSeq === "object")
                        message.maxSeq = new $util.LongBits(object.maxSeq.low >>> 0, object.maxSeq.high >>> 0).toNumber(true);
            return message;
        };

        /**
         * Creates a plain object from a PullResp message. Also converts values to other types if specified.
         * @function toObject
         * @memberof im.PullResp
         * @static
         * @param {im.PullResp} message PullResp
         * @param {$protobuf.IConversionOptions} [options] Conversion options
         * @returns {Object.<string,*>} Plain object
         */
        PullResp.toObject = function (message, options, _depth) {
            if (!options)
                options = {};
            if (_depth === $undefined)
                _depth = 0;
            if (_depth > $util.recursionLimit)
                throw $Error("max depth exceeded");
            let object = {};
            if (options.arrays || options.defaults)
                object.messages = [];
            if (options.defaults) {
                object.hasMore = false;
                if ($util.Long) {
                    let long = new $util.Long(0, 0, true);
                    object.maxSeq = options.longs === $String ? long.toString() : options.longs === $Number ? long.toNumber() : typeof $BigInt !== "undefined" && options.longs === $BigInt ? long.toBigInt() : long;
                } else
                    object.maxSeq = options.longs === $String ? "0" : typeof $BigInt !== "undefined" && options.longs === $BigInt ? $BigInt("0") : 0;
            }
            if (message.messages && message.messages.length) {
                object.messages = $Array(message.messages.length);
                for (let j = 0; j < message.messages.length; ++j)
                    object.messages[j] = $root.im.Message.toObject(message.messages[j], options, _depth + 1);
            }
            if (message.hasMore != null && $Object.hasOwnProperty.call(message, "hasMore"))
                object.hasMore = message.hasMore;
            if (message.maxSeq != null && $Object.hasOwnProperty.call(message, "maxSeq"))
                if (typeof $BigInt !== "undefined" && options.longs === $BigInt)
                    object.maxSeq = typeof message.maxSeq === "number" ? $BigInt(message.maxSeq) : $util.Long.fromBits(message.maxSeq.low >>> 0, message.maxSeq.high >>> 0, true).toBigInt();
                else if (typeof message.maxSeq === "number")
                    object.maxSeq = options.longs === $String ? $String(message.maxSeq) : message.maxSeq;
                else
                    object.maxSeq = options.longs === $String ? $util.Long.prototype.toString.call(message.maxSeq) : options.longs === $Number ? new $util.LongBits(message.maxSeq.low >>> 0, message.maxSeq.high >>> 0).toNumber(true) : message.maxSeq;
            return object;
        };

        /**
         * Converts this PullResp to JSON.
         * @function toJSON
         * @memberof im.PullResp
         * @instance
         * @returns {Object.<string,*>} JSON object
         */
        PullResp.prototype.toJSON = function() {
            return PullResp.toObject(this, $protobuf.util.toJSONOptions);
        };

        return PullResp;
    })();

    im.C2SSendReq = (function() {

        /**
         * Properties of a C2SSendReq.
         * @typedef {Object} im.C2SSendReq.$Properties
         * @property {string|null} [businessId] C2SSendReq businessId
         * @property {string|null} [clientMsgId] C2SSendReq clientMsgId
         * @property {number|null} [contentType] C2SSendReq contentType
         * @property {string|null} [content] C2SSendReq content
         * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
         */

        /**
         * Properties of a C2SSendReq.
         * @memberof im
         * @interface IC2SSendReq
         * @augments im.C2SSendReq.$Properties
         * @deprecated Use im.C2SSendReq.$Properties instead.
         */

        /**
         * Shape of a C2SSendReq.
         * @typedef {im.C2SSendReq.$Properties} im.C2SSendReq.$Shape
         */

        /**
         * Constructs a new C2SSendReq.
         * @memberof im
         * @classdesc Represents a C2SSendReq.
         * @constructor
         * @param {im.C2SSendReq.$Properties=} [properties] Properties to set
         * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
         */
        const C2SSendReq = function (properties) {
            if (properties)
                for (let keys = $Object.keys(properties), i = 0; i < keys.length; ++i)
                    if (properties[keys[i]] != null && keys[i] !== "__proto__")
                        this[keys[i]] = properties[keys[i]];
        };

        /**
         * C2SSendReq businessId.
         * @member {string} businessId
         * @memberof im.C2SSendReq
         * @instance
         */
        C2SSendReq.prototype.businessId = "";

        /**
         * C2SSendReq clientMsgId.
         * @member {string} clientMsgId
         * @memberof im.C2SSendReq
         * @instance
         */
        C2SSendReq.prototype.clientMsgId = "";

        /**
         * C2SSendReq contentType.
         * @member {number} contentType
         * @memberof im.C2SSendReq
         * @instance
         */
        C2SSendReq.prototype.contentType = 0;

        /**
         * C2SSendReq content.
         * @member {string} content
         * @memberof im.C2SSendReq
         * @instance
         */
        C2SSendReq.prototype.content = "";

        /**
         * Creates a new C2SSendReq instance using the specified properties.
         * @function create
         * @memberof im.C2SSendReq
         * @static
         * @param {im.C2SSendReq.$Properties=} [properties] Properties to set
         * @returns {im.C2SSendReq} C2SSendReq instance
         * @type {{
         *   (properties: im.C2SSendReq.$Shape): im.C2SSendReq & im.C2SSendReq.$Shape;
         *   (properties?: im.C2SSendReq.$Properties): im.C2SSendReq;
         * }}
         */
        C2SSendReq.create = function(properties) {
            return new C2SSendReq(properties);
        };

        /**
         * Encodes the specified C2SSendReq message. Does not implicitly {@link im.C2SSendReq.verify|verify} messages.
         * @function encode
         * @memberof im.C2SSendReq
         * @static
         * @param {im.C2SSendReq.$Properties} message C2SSendReq message or plain object to encode
         * @param {$protobuf.Writer} [writer] Writer to encode to
         * @returns {$protobuf.Writer} Writer
         */
        C2SSendReq.encode = function (message, writer, _depth) {
            if (!writer)
                writer = $Writer.create();
            if (_depth === $undefined)
                _depth = 0;
            if (_depth > $util.recursionLimit)
                throw $Error("max depth exceeded");
            if (message.businessId != null && $Object.hasOwnProperty.call(message, "businessId") && message.businessId !== "")
                writer.uint32(/* id 1, wireType 2 =*/10).string(message.businessId);
            if (message.clientMsgId != null && $Object.hasOwnProperty.call(message, "clientMsgId") && message.clientMsgId !== "")
                writer.uint32(/* id 2, wireType 2 =*/18).string(message.clientMsgId);
            if (message.contentType != null && $Object.hasOwnProperty.call(message, "contentType") && message.contentType !== 0)
                writer.uint32(/* id 3, wireType 0 =*/24).uint32(message.contentType);
            if (message.content != null && $Object.hasOwnProperty.call(message, "content") && message.content !== "")
                writer.uint32(/* id 4, wireType 2 =*/34).string(message.content);
            if (message.$unknowns != null && $Object.hasOwnProperty.call(message, "$unknowns"))
                for (let i = 0; i < message.$unknowns.length; ++i)
                    writer.raw(message.$unknowns[i]);
            return writer;
        };

        /**
         * Decodes a C2SSendReq message from the specified reader or buffer.
         * @function decode
         * @memberof im.C2SSendReq
         * @static
         * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
         * @param {number} [length] Message length if known beforehand
         * @returns {im.C2SSendReq & im.C2SSendReq.$Shape} C2SSendReq
         * @throws {Error} If the payload is not a reader or valid buffer
         * @throws {$protobuf.util.ProtocolError} If required fields are missing
         */
        C2SSendReq.decode = function (reader, length, _end, _depth, _target) {
            if (!(reader instanceof $Reader))
                reader = $Reader.create(reader);
            if (_depth === $undefined)
                _depth = 0;
            if (_depth > $Reader.recursionLimit)
                throw $Error("max depth exceeded");
            let end, message, value;
            if (length === $undefined)
                end = reader.len;
            else {
                end = reader.pos + length;
                if (end > reader.len)
                    throw $RangeError("index out of range");
                length = reader.len;
                reader.len = end;
            }
            message = _target || new $root.im.C2SSendReq();
            while (reader.pos < end) {
                let start = reader.pos;
                let tag = reader.tag();
                if (tag === _end) {
                    _end = $undefined;
                    break;
                }
                let wireType = tag & 7;
                switch (tag >>>= 3) {
                case 1: {
                        if (wireType !== 2)
                            break;
                        if ((value = reader.stringVerify()).length)
                            message.businessId = value;
                        else
                            delete message.businessId;
                        continue;
                    }
                case 2: {
                        if (wireType !== 2)
                            break;
                        if ((value = reader.stringVerify()).length)
                            message.clientMsgId = value;
                        else
                            delete message.clientMsgId;
                        continue;
                    }
                case 3: {
                        if (wireType !== 0)
                            break;
                        if (value = reader.uint32())
                            message.contentType = value;
                        else
                            delete message.contentType;
                        continue;
                    }
                case 4: {
                        if (wireType !== 2)
                            break;
                        if ((value = reader.stringVerify()).length)
                            message.content = value;
                        else
                            delete message.content;
                        continue;
                    }
                }
                reader.skipType(wireType, _depth, tag);
                if (!reader.discardUnknown) {
                    $util.makeProp(message, "$unknowns", false);
                    (message.$unknowns || (message.$unknowns = [])).push(reader.raw(start, reader.pos));
                }
            }
            if (length !== $undefined) {
                if (reader.pos !== end)
                    throw $RangeError("index out of range");
                reader.len = length;
            }
            if (_end !== $undefined)
                throw $Error("missing end group");
            return message;
        };

        /**
         * Creates a C2SSendReq message from a plain object. Also converts values to their respective internal types.
         * @function fromObject
         * @memberof im.C2SSendReq
         * @static
         * @param {Object.<string,*>} object Plain object
         * @returns {im.C2SSendReq} C2SSendReq
         */
        C2SSendReq.fromObject = function (object, _depth) {
            if (object instanceof $root.im.C2SSendReq)
                return object;
            if (!$util.isObject(object))
                throw $TypeError(".im.C2SSendReq: object expected");
            if (_depth === $undefined)
                _depth = 0;
            if (_depth > $util.recursionLimit)
                throw $Error("max depth exceeded");
            let message = new $root.im.C2SSendReq();
            if (object.businessId != null)
                if (typeof object.businessId !== "string" || object.businessId.length)
                    message.businessId = $String(object.businessId);
            if (object.clientMsgId != null)
                if (typeof object.clientMsgId !== "string" || object.clientMsgId.length)
                    message.clientMsgId = $String(object.clientMsgId);
            if (object.contentType != null)
                if ($Number(object.contentType) !== 0)
                    message.contentType = object.contentType >>> 0;
            if (object.content != null)
                if (typeof object.content !== "string" || object.content.length)
                    message.content = $String(object.content);
            return message;
        };

        /**
         * Creates a plain object from a C2SSendReq message. Also converts values to other types if specified.
         * @function toObject
         * @memberof im.C2SSendReq
         * @static
         * @param {im.C2SSendReq} message C2SSendReq
         * @param {$protobuf.IConversionOptions} [options] Conversion options
         * @returns {Object.<string,*>} Plain object
         */
        C2SSendReq.toObject = function (message, options, _depth) {
            if (!options)
                options = {};
            if (_depth === $undefined)
                _depth = 0;
            if (_depth > $util.recursionLimit)
                throw $Error("max depth exceeded");
            let object = {};
            if (options.defaults) {
                object.businessId = "";
                object.clientMsgId = "";
                object.contentType = 0;
                object.content = "";
            }
            if (message.businessId != null && $Object.hasOwnProperty.call(message, "businessId"))
                object.businessId = message.businessId;
            if (message.clientMsgId != null && $Object.hasOwnProperty.call(message, "clientMsgId"))
                object.clientMsgId = message.clientMsgId;
            if (message.contentType != null && $Object.hasOwnProperty.call(message, "contentType"))
                object.contentType = message.contentType;
            if (message.content != null && $Object.hasOwnProperty.call(message, "content"))
                object.content = message.content;
            return object;
        };

        /**
         * Converts this C2SSendReq to JSON.
         * @function toJSON
         * @memberof im.C2SSendReq
         * @instance
         * @returns {Object.<string,*>} JSON object
         */
        C2SSendReq.prototype.toJSON = function() {
            return C2SSendReq.toObject(this, $protobuf.util.toJSONOptions);
        };

        return C2SSendReq;
    })();

    im.C2SSendAck = (function() {

        /**
         * Properties of a C2SSendAck.
         * @typedef {Object} im.C2SSendAck.$Properties
         * @property {string|null} [eventId] C2SSendAck eventId
         * @property {string|null} [clientMsgId] C2SSendAck clientMsgId
         * @property {boolean|null} [duplicate] C2SSendAck duplicate
         * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
         */

        /**
         * Properties of a C2SSendAck.
         * @memberof im
         * @interface IC2SSendAck
         * @augments im.C2SSendAck.$Properties
         * @deprecated Use im.C2SSendAck.$Properties instead.
         */

        /**
         * Shape of a C2SSendAck.
         * @typedef {im.C2SSendAck.$Properties} im.C2SSendAck.$Shape
         */

        /**
         * Constructs a new C2SSendAck.
         * @memberof im
         * @classdesc Represents a C2SSendAck.
         * @constructor
         * @param {im.C2SSendAck.$Properties=} [properties] Properties to set
         * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
         */
        const C2SSendAck = function (properties) {
            if (properties)
                for (let keys = $Object.keys(properties), i = 0; i < keys.length; ++i)
                    if (properties[keys[i]] != null && keys[i] !== "__proto__")
                        this[keys[i]] = properties[keys[i]];
        };

        /**
         * C2SSendAck eventId.
         * @member {string} eventId
         * @memberof im.C2SSendAck
         * @instance
         */
        C2SSendAck.prototype.eventId = "";

        /**
         * C2SSendAck clientMsgId.
         * @member {string} clientMsgId
         * @memberof im.C2SSendAck
         * @instance
         */
        C2SSendAck.prototype.clientMsgId = "";

        /**
         * C2SSendAck duplicate.
         * @member {boolean} duplicate
         * @memberof im.C2SSendAck
         * @instance
         */
        C2SSendAck.prototype.duplicate = false;

        /**
         * Creates a new C2SSendAck instance using the specified properties.
         * @function create
         * @memberof im.C2SSendAck
         * @static
         * @param {im.C2SSendAck.$Properties=} [properties] Properties to set
         * @returns {im.C2SSendAck} C2SSendAck instance
         * @type {{
         *   (properties: im.C2SSendAck.$Shape): im.C2SSendAck & im.C2SSendAck.$Shape;
         *   (properties?: im.C2SSendAck.$Properties): im.C2SSendAck;
         * }}
         */
        C2SSendAck.create = function(properties) {
            return new C2SSendAck(properties);
        };

        /**
         * Encodes the specified C2SSendAck message. Does not implicitly {@link im.C2SSendAck.verify|verify} messages.
         * @function encode
         * @memberof im.C2SSendAck
         * @static
         * @param {im.C2SSendAck.$Properties} message C2SSendAck message or plain object to encode
         * @param {$protobuf.Writer} [writer] Writer to encode to
         * @returns {$protobuf.Writer} Writer
         */
        C2SSendAck.encode = function (message, writer, _depth) {
            if (!writer)
                writer = $Writer.create();
            if (_depth === $undefined)
                _depth = 0;
            if (_depth > $util.recursionLimit)
                throw $Error("max depth exceeded");
            if (message.eventId != null && $Object.hasOwnProperty.call(message, "eventId") && message.eventId !== "")
                writer.uint32(/* id 1, wireType 2 =*/10).string(message.eventId);
            if (message.clientMsgId != null && $Object.hasOwnProperty.call(message, "clientMsgId") && message.clientMsgId !== "")
                writer.uint32(/* id 2, wireType 2 =*/18).string(message.clientMsgId);
            if (message.duplicate != null && $Object.hasOwnProperty.call(message, "duplicate") && message.duplicate !== false)
                writer.uint32(/* id 3, wireType 0 =*/24).bool(message.duplicate);
            if (message.$unknowns != null && $Object.hasOwnProperty.call(message, "$unknowns"))
                for (let i = 0; i < message.$unknowns.length; ++i)
                    writer.raw(message.$unknowns[i]);
            return writer;
        };

        /**
         * Decodes a C2SSendAck message from the specified reader or buffer.
         * @function decode
         * @memberof im.C2SSendAck
         * @static
         * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
         * @param {number} [length] Message length if known beforehand
         * @returns {im.C2SSendAck & im.C2SSendAck.$Shape} C2SSendAck
         * @throws {Error} If the payload is not a reader or valid buffer
         * @throws {$protobuf.util.ProtocolError} If required fields are missing
         */
        C2SSendAck.decode = function (reader, length, _end, _depth, _target) {
            if (!(reader instanceof $Reader))
                reader = $Reader.create(reader);
            if (_depth === $undefined)
                _depth = 0;
            if (_depth > $Reader.recursionLimit)
                throw $Error("max depth exceeded");
            let end, message, value;
            if (length === $undefined)
                end = reader.len;
            else {
                end = reader.pos + length;
                if (end > reader.len)
                    throw $RangeError("index out of range");
                length = reader.len;
                reader.len = end;
            }
            message = _target || new $root.im.C2SSendAck();
            while (reader.pos < end) {
                let start = reader.pos;
                let tag = reader.tag();
                if (tag === _end) {
                    _end = $undefined;
                    break;
                }
                let wireType = tag & 7;
                switch (tag >>>= 3) {
                case 1: {
                        if (wireType !== 2)
                            break;
                        if ((value = reader.stringVerify()).length)
                            message.eventId = value;
                        else
                            delete message.eventId;
                        continue;
                    }
                case 2: {
                        if (wireType !== 2)
                            break;
                        if ((value = reader.stringVerify()).length)
                            message.clientMsgId = value;
                        else
                            delete message.clientMsgId;
                        continue;
                    }
                case 3: {
                        if (wireType !== 0)
                            break;
                        if (value = reader.bool())
                            message.duplicate = value;
                        else
                            delete message.duplicate;
                        continue;
                    }
                }
                reader.skipType(wireType, _depth, tag);
                if (!reader.discardUnknown) {
                    $util.makeProp(message, "$unknowns", false);
                    (message.$unknowns || (message.$unknowns = [])).push(reader.raw(start, reader.pos));
                }
            }
            if (length !== $undefined) {
                if (reader.pos !== end)
                    throw $RangeError("index out of range");
                reader.len = length;
            }
            if (_end !== $undefined)
                throw $Error("missing end group");
            return message;
        };

        /**
         * Creates a C2SSendAck message from a plain object. Also converts values to their respective internal types.
         * @function fromObject
         * @memberof im.C2SSendAck
         * @static
         * @param {Object.<string,*>} object Plain object
         * @returns {im.C2SSendAck} C2SSendAck
         */
        C2SSendAck.fromObject = function (object, _depth) {
            if (object instanceof $root.im.C2SSendAck)
                return object;
            if (!$util.isObject(object))
                throw $TypeError(".im.C2SSendAck: object expected");
            if (_depth === $undefined)
                _depth = 0;
            if (_depth > $util.recursionLimit)
                throw $Error("max depth exceeded");
            let message = new $root.im.C2SSendAck();
            if (object.eventId != null)
                if (typeof object.eventId !== "string" || object.eventId.length)
                    message.eventId = $String(object.eventId);
            if (object.clientMsgId != null)
                if (typeof object.clientMsgId !== "string" || object.clientMsgId.length)
                    message.clientMsgId = $String(object.clientMsgId);
            if (object.duplicate != null)
                if (object.duplicate)
                    message.duplicate = $Boolean(object.duplicate);
            return message;
        };

        /**
         * Creates a plain object from a C2SSendAck message. Also converts values to other types if specified.
         * @function toObject
         * @memberof im.C2SSendAck
         * @static
         * @param {im.C2SSendAck} message C2SSendAck
         * @param {$protobuf.IConversionOptions} [options] Conversion options
         * @returns {Object.<string,*>} Plain object
         */
        C2SSendAck.toObject = function (message, options, _depth) {
            if (!options)
                options = {};
            if (_depth === $undefined)
                _depth = 0;
            if (_depth > $util.recursionLimit)
                throw $Error("max depth exceeded");
            let object = {};
            if (options.defaults) {
                object.eventId = "";
                object.clientMsgId = "";
                object.duplicate = false;
            }
            if (message.eventId != null && $Object.hasOwnProperty.call(message, "eventId"))
                object.eventId = message.eventId;
            if (message.clientMsgId != null && $Object.hasOwnProperty.call(message, "clientMsgId"))
                object.clientMsgId = message.clientMsgId;
            if (message.duplicate != null && $Object.hasOwnProperty.call(message, "duplicate"))
                object.duplicate = message.duplicate;
            return object;
        };

        /**
         * Converts this C2SSendAck to JSON.
         * @function toJSON
         * @memberof im.C2SSendAck
         * @instance
         * @returns {Object.<string,*>} JSON object
         */
        C2SSendAck.prototype.toJSON = function() {
            return C2SSendAck.toObject(this, $protobuf.util.toJSONOptions);
        };

        return C2SSendAck;
    })();

    return im;
})();

export {
  $root as default
};
