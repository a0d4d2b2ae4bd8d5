import "./pb.ts";

export { im } from "./gen/im.js";
